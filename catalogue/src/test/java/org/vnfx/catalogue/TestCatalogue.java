package org.vnfx.catalogue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** One embedded catalogue for the whole test run (a server start costs seconds); each test empties it first. */
final class TestCatalogue {
    private static PostgresCatalogue shared;

    private TestCatalogue() {}

    static synchronized PostgresCatalogue shared() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("vnfx-catalogue-test");
                shared = PostgresCatalogue.openEmbedded(dir.resolve("pg"));
                Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /** The shared catalogue, emptied. */
    static PostgresCatalogue empty() {
        PostgresCatalogue c = shared();
        try (Connection conn = c.dataSource().getConnection(); Statement st = conn.createStatement()) {
            st.execute("TRUNCATE listing, verification, licence, offer, package, descriptor, checkpoint");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return c;
    }
}
