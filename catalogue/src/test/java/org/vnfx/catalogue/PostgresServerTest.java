package org.vnfx.catalogue;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresServerTest {
    @TempDir
    Path tmp;

    @Test
    void dataSurvivesCloseAndAKillNine() throws Exception {
        Path dir = tmp.resolve("catalogue/pg");
        PackageEntry p = Fixtures.vnfPackage("keep", "Acme", "Keeper", "1.0", 1);
        try (PostgresCatalogue cat = PostgresCatalogue.openEmbedded(dir)) {
            assertEquals(Upsert.INSERTED, cat.putPackage(p));
            cat.saveCheckpoint("indexer", 42);
        }
        assertFalse(Files.exists(dir.resolve("data/postmaster.pid")), "stopped on close");
        PostgresCatalogue cat = PostgresCatalogue.openEmbedded(dir);
        long pid;
        try {
            assertTrue(cat.entry(p.digest()).isPresent(), "kept after close");
            assertEquals(42, cat.checkpoint("indexer").getAsLong());
            // Another process (or catalogue) cannot start the same cluster meanwhile: it uses the running server.
            pid = cat.server().orElseThrow().pid();
            try (PostgresCatalogue second = PostgresCatalogue.openEmbedded(dir)) {
                assertTrue(second.server().isEmpty(), "the second does not own a server");
                assertTrue(second.entry(p.digest()).isPresent());
                assertEquals(pid, PostgresServer.serving(dir).orElseThrow().pid());
            }
            assertTrue(cat.entry(p.digest()).isPresent(), "the first still serves after the second closed");
            ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
            new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start().waitFor();
            postmaster.onExit().get(10, TimeUnit.SECONDS);
        } finally {
            cat.close();
        }
        assertTrue(Files.exists(dir.resolve("data/postmaster.pid")), "a kill -9 leaves a stale postmaster.pid");
        try (PostgresCatalogue again = PostgresCatalogue.openEmbedded(dir)) {
            assertTrue(again.entry(p.digest()).isPresent(), "kept after kill -9");
            assertNotEquals(pid, again.server().orElseThrow().pid());
        }
    }

    @Test
    void aServerLeftRunningByAKilledProcessIsTakenOver() throws Exception {
        Path dir = tmp.resolve("orphan");
        PostgresServer first = PostgresServer.start(dir);
        long pid = first.pid();
        ProcessHandle orphan = ProcessHandle.of(pid).orElseThrow();
        // As if the JVM had died: the lock goes, the postmaster stays.
        releaseLockOnly(first);
        try (PostgresServer second = PostgresServer.start(dir)) {
            assertNotEquals(pid, second.pid());
            // pg_ctl stop returns once the pid file is gone, a moment before the process ends.
            orphan.onExit().get(10, TimeUnit.SECONDS);
        }
    }

    private static void releaseLockOnly(PostgresServer s) {
        try {
            var lock = PostgresServer.class.getDeclaredField("lock");
            lock.setAccessible(true);
            ((java.nio.channels.FileLock) lock.get(s)).channel().close();
        } catch (ReflectiveOperationException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void externalServerByJdbcUrl() {
        PostgresServer server = TestCatalogue.shared().server().orElseThrow();
        try (PostgresCatalogue ext = PostgresCatalogue.openExternal(server.jdbcUrl(), server.user(), server.password())) {
            assertNotNull(ext.snapshot());
            assertTrue(ext.server().isEmpty());
        }
        CatalogueException bad = assertThrows(CatalogueException.class,
                () -> PostgresCatalogue.openExternal(server.jdbcUrl(), server.user(), "wrong"));
        assertTrue(bad.getMessage().contains(server.jdbcUrl()), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PostgresCatalogue.openExternal("jdbc:mysql://x/y", "u", "p"));
    }

    @Test
    void aDirectoryThatIsNotAClusterIsRefusedClearly() throws Exception {
        Path dir = tmp.resolve("junk");
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/something"), "x");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PostgresServer.start(dir));
        assertTrue(e.getMessage().contains("not a PostgreSQL cluster"), e.getMessage());
    }
}
