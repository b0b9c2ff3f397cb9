package org.nhsloginkeycloak.sandpit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL from the machine's own package (Debian's {@code postgresql}), run as a plain process: a database
 * folder made with {@code initdb} in the work folder, a server on a loopback port (TCP only), and
 * {@code pg_ctl stop} when the sandpit stops. No system service, no Docker.
 *
 * <p>PostgreSQL refuses to run as root; as root, every PostgreSQL command runs as the {@code postgres} user the package
 * creates, which must be able to reach the work folder.
 */
final class Postgres implements AutoCloseable {

    static final String DATABASE = "keycloak";
    static final String USERNAME = "keycloak";
    /** Loopback only and a throwaway database: a fixed password is fine here, and never in a deployment. */
    static final String PASSWORD = "sandpit-keycloak";

    private static final Path PACKAGE_BINARIES = Path.of("/usr/lib/postgresql");

    private final Path bin;
    private final Path folder;
    private final int port;
    private final boolean asPostgresUser;
    private final Thread shutdownHook;
    private volatile boolean stopped;

    private Postgres(Path bin, Path folder, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.folder = folder;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
        this.shutdownHook = new Thread(this::stop, "postgres-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts PostgreSQL in {@code folder} on {@code port} with an empty {@value #DATABASE} database (or, with
     * {@code keep}, the one an earlier run left), stopping a server an earlier run left behind in the same folder.
     */
    static Postgres start(Path folder, int port, boolean keep) {
        Path bin = binaries(PACKAGE_BINARIES);
        boolean root = "root".equals(System.getProperty("user.name"));
        Path data = folder.resolve("data");
        try {
            Files.createDirectories(folder);
            if (Files.isRegularFile(data.resolve("postmaster.pid"))) {
                // A sandpit that was killed leaves its server running; it is ours (our folder), so it is stopped.
                run(bin, root, folder, List.of("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop"), 60);
            }
            if (!keep) {
                KeycloakServer.deleteRecursively(folder);
                Files.createDirectories(folder);
            }
            Ports.requireFree(port, "PostgreSQL; --postgres-port chooses another");
            Path log = folder.resolve("postgres.log");
            if (!Files.exists(log)) {
                Files.createFile(log);
            }
            if (root) {
                handToPostgresUser(folder);
            }
            boolean fresh = !Files.isRegularFile(data.resolve("PG_VERSION"));
            if (fresh) {
                run(bin, root, folder, List.of("initdb", "-D", data.toString(), "-U", "postgres", "--auth=trust",
                        "-E", "UTF8", "--locale=C.UTF-8"), 120);
            }
            Postgres postgres = new Postgres(bin, folder, port, root);
            try {
                run(bin, root, folder, List.of("pg_ctl", "-D", data.toString(), "-l", log.toString(), "-w", "-t", "60",
                        // TCP on loopback only: a Unix socket's path under a deep work folder can pass the
                        // system's 107-character limit, and nothing here needs one.
                        "start", "-o", "-c listen_addresses=" + Ports.LOOPBACK + " -p " + port
                                + " -c unix_socket_directories=''"), 90);
                if (fresh) {
                    postgres.sql("create role " + USERNAME + " login password '" + PASSWORD + "'");
                    postgres.sql("create database " + DATABASE + " owner " + USERNAME);
                }
            } catch (SandpitException e) {
                postgres.close();
                throw new SandpitException(e.getMessage() + " PostgreSQL's own log says: " + firstProblem(log) + ".", e);
            }
            return postgres;
        } catch (IOException e) {
            throw new SandpitException("Cannot prepare PostgreSQL's folder " + folder + ": " + e.getMessage() + ".", e);
        }
    }

    /** The newest PostgreSQL the package installed, e.g. {@code /usr/lib/postgresql/15/bin}. */
    static Path binaries(Path packages) {
        Optional<Path> newest = Optional.empty();
        if (Files.isDirectory(packages)) {
            try (Stream<Path> versions = Files.list(packages)) {
                newest = versions.filter(version -> Files.isExecutable(version.resolve("bin/initdb")))
                        .max(Comparator.comparing(Postgres::versionNumber)).map(version -> version.resolve("bin"));
            } catch (IOException e) {
                newest = Optional.empty();
            }
        }
        return newest.orElseThrow(() -> new SandpitException("PostgreSQL is not installed (no initdb under " + packages
                + "): install Debian's package with `apt-get install -y postgresql`, or run the sandpit without"
                + " --database postgres."));
    }

    private static int versionNumber(Path version) {
        try {
            return Integer.parseInt(version.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/keycloak}. */
    String jdbcUrl() {
        return "jdbc:postgresql://" + Ports.LOOPBACK + ":" + port + "/" + DATABASE;
    }

    /** Runs one statement as the superuser against the Keycloak database (or {@code postgres} before it exists). */
    void sql(String statement) {
        String database = statement.startsWith("create database") || statement.startsWith("create role")
                ? "postgres" : DATABASE;
        run(bin, asPostgresUser, folder, List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", Ports.LOOPBACK,
                "-p", Integer.toString(port), "-U", "postgres", "-d", database, "-c", statement), 60);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is stopping PostgreSQL already
        }
        stop();
    }

    private void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            run(bin, asPostgresUser, folder, List.of("pg_ctl", "-D", folder.resolve("data").toString(), "-m", "fast",
                    "-w", "stop"), 60);
        } catch (SandpitException e) {
            System.err.println("Could not stop PostgreSQL in " + folder + ": " + e.getMessage());
        }
    }

    /** The folder is the postgres user's, so the server can write its data, socket and log there. */
    private static void handToPostgresUser(Path folder) {
        runCommand(List.of("chown", "-R", "postgres:", folder.toString()), folder, 60, "chown");
        Path data = folder.resolve("data");
        try {
            run(null, true, folder, List.of("test", "-w", folder.toString()), 30);
        } catch (SandpitException e) {
            throw new SandpitException("PostgreSQL refuses to run as root, and the postgres user cannot reach " + folder
                    + ": run the sandpit as an ordinary user, or let others enter the folders above it (chmod o+x).", e);
        }
        if (Files.exists(data)) {
            runCommand(List.of("chmod", "700", data.toString()), folder, 30, "chmod");
        }
    }

    private static void run(Path bin, boolean asPostgresUser, Path folder, List<String> command, int timeoutSeconds) {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.add(bin == null ? command.get(0) : bin.resolve(command.get(0)).toString());
        full.addAll(command.subList(1, command.size()));
        runCommand(full, folder, timeoutSeconds, command.get(0));
    }

    private static void runCommand(List<String> command, Path folder, int timeoutSeconds, String name) {
        Path output = folder.resolve("last-command.log");
        try {
            Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new SandpitException("PostgreSQL's " + name + " did not finish in " + timeoutSeconds + " seconds.");
            }
            if (process.exitValue() != 0) {
                throw new SandpitException("PostgreSQL's " + name + " failed (" + lastLine(output) + ").");
            }
        } catch (IOException e) {
            throw new SandpitException("Cannot run " + command.get(0) + ": " + e.getMessage() + ".", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandpitException("Interrupted while PostgreSQL's " + name + " ran.", e);
        }
    }

    /** The first FATAL or ERROR line, which names the cause; else the last line. */
    static String firstProblem(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.contains("FATAL:") || line.contains("ERROR:")).findFirst()
                    .map(line -> line.replaceFirst("^.*?(FATAL|ERROR):\\s*", "")).orElseGet(() -> lastLine(file));
        } catch (IOException e) {
            return "no output to read";
        }
    }

    private static String lastLine(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(line -> !line.isBlank())
                    .reduce((first, second) -> second).map(String::strip).orElse("it printed nothing");
        } catch (IOException e) {
            return "no output to read";
        }
    }
}
