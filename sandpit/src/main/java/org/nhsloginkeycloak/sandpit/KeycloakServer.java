package org.nhsloginkeycloak.sandpit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Keycloak from the unpacked distribution, as an administrator would run it: our jars in {@code providers/},
 * {@code kc.sh build} when they or the build options changed, then {@code kc.sh start --optimized} importing the realm.
 *
 * <p>It binds loopback only and writes everything Keycloak prints to a log in the work folder. Which database and cache
 * it runs with are the caller's options ({@link Sandpit} chooses them for one node or a cluster).
 */
final class KeycloakServer implements AutoCloseable {

    static final String ADMIN_USERNAME = "admin";
    static final String ADMIN_PASSWORD = "admin";

    private static final String FINGERPRINT_FILE = "nhs-login-build.sha256";

    private final Process process;
    private final URI baseUrl;
    private final URI managementUrl;
    private final Path log;
    private final Launch launch;
    /** kc.sh runs Java as its child, not with exec: remembered so it is stopped even if the script dies first. */
    private final List<ProcessHandle> children = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Thread shutdownHook;

    private KeycloakServer(Process process, URI baseUrl, URI managementUrl, Path log, Launch launch) {
        this.launch = launch;
        this.process = process;
        this.baseUrl = baseUrl;
        this.managementUrl = managementUrl;
        this.log = log;
        // Stops Keycloak if this JVM is told to stop at any point, even while it is still starting.
        this.shutdownHook = new Thread(this::stop, "keycloak-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Which database Keycloak is built for: {@code kc.sh build} fixes the driver. */
    enum Database {
        /** Embedded H2 in the home's {@code data/h2}: one node, a fast start. */
        H2("--db=dev-file"),
        /** A PostgreSQL server shared by every node. */
        POSTGRES("--db=postgres");

        private final String buildOption;

        Database(String buildOption) {
            this.buildOption = buildOption;
        }

        List<String> buildOptions() {
            return List.of(buildOption, "--health-enabled=true", "--metrics-enabled=true");
        }
    }

    /**
     * Installs the providers and realm file into {@code home} and builds it for {@code database} if anything changed:
     * the home is then ready for {@link #launch}.
     */
    static void prepare(Path home, List<Path> providers, String realmJson, Database database, boolean keepData,
            Path work) {
        try {
            Files.createDirectories(work);
            List<Path> installed = installProviders(home, providers);
            installRealm(home, realmJson, keepData);
            buildIfChanged(home, installed, database.buildOptions(), work);
        } catch (IOException e) {
            throw new SandpitException("Cannot prepare Keycloak in " + home + ": " + e.getMessage(), e);
        }
    }

    /**
     * A home of its own for a cluster node, made of hard links to {@code built}'s files (the nodes only read them) and
     * an empty {@code data/} but for the realm to import: each running Keycloak needs its own data folder.
     */
    static Path nodeHome(Path built, Path node) {
        Path home = node.resolve(built.getFileName().toString());
        try {
            deleteRecursively(home);
            try (Stream<Path> files = Files.walk(built)) {
                for (Path file : files.toList()) {
                    Path relative = built.relativize(file);
                    if (relative.startsWith("data") && !relative.startsWith("data/import") && !relative.equals(Path.of("data"))) {
                        continue;
                    }
                    Path target = home.resolve(relative.toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else {
                        linkOrCopy(file, target);
                    }
                }
            }
        } catch (IOException e) {
            throw new SandpitException("Cannot make a Keycloak home for a node in " + home + ": " + e.getMessage(), e);
        }
        return home;
    }

    private static void linkOrCopy(Path file, Path target) throws IOException {
        try {
            Files.createLink(target, file);
        } catch (IOException | UnsupportedOperationException e) {
            // Another file system: a copy is slower but the same.
            Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    /** What {@link #launch} starts: one Keycloak process on its own ports, writing to {@code log}. */
    record Launch(Path home, int httpPort, int managementPort, List<String> options, Path log, Duration timeout,
            boolean appendLog) {

        Launch(Path home, int httpPort, int managementPort, List<String> options, Path log, Duration timeout) {
            this(home, httpPort, managementPort, options, log, timeout, false);
        }
    }

    /**
     * The same Keycloak started again after it stopped (a crashed node brought back): same home, ports and options,
     * its log carried on rather than replaced, so what it wrote before the crash is still there to read.
     */
    KeycloakServer relaunch() {
        if (isAlive()) {
            throw new IllegalStateException("Keycloak on port " + launch.httpPort() + " is still running");
        }
        close();
        return launch(new Launch(launch.home(), launch.httpPort(), launch.managementPort(), launch.options(),
                launch.log(), launch.timeout(), true));
    }

    /**
     * Starts {@code kc.sh start --optimized} from a prepared home and waits until it is ready: health UP and the realm
     * answering.
     */
    static KeycloakServer launch(Launch launch) {
        List<String> command = new ArrayList<>(List.of(launch.home().resolve("bin/kc.sh").toString(), "start",
                "--optimized", "--http-enabled=true", "--http-host=" + Ports.LOOPBACK,
                "--http-port=" + launch.httpPort(), "--http-management-host=" + Ports.LOOPBACK,
                "--http-management-port=" + launch.managementPort(), "--import-realm"));
        command.addAll(launch.options());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(launch.home().toFile())
                .redirectErrorStream(true)
                .redirectOutput(launch.appendLog() ? ProcessBuilder.Redirect.appendTo(launch.log().toFile())
                        : ProcessBuilder.Redirect.to(launch.log().toFile()));
        Map<String, String> environment = builder.environment();
        // Acts only when the master realm is first created, i.e. on a fresh database.
        environment.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USERNAME);
        environment.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new SandpitException("Cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
        URI management = URI.create("http://" + Ports.LOOPBACK + ":" + launch.managementPort());
        KeycloakServer server = new KeycloakServer(process,
                URI.create("http://" + Ports.LOOPBACK + ":" + launch.httpPort()), management, launch.log(), launch);
        try {
            server.awaitReady(management.resolve("/health/ready"), launch.timeout());
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    URI baseUrl() {
        return baseUrl;
    }

    URI managementUrl() {
        return managementUrl;
    }

    Path log() {
        return log;
    }

    Process process() {
        return process;
    }

    /**
     * Leaves a jar whose bytes are unchanged untouched: Keycloak compares provider timestamps with its last build and
     * refuses an optimized start when a jar looks newer.
     */
    private static List<Path> installProviders(Path home, List<Path> providers) throws IOException {
        Path folder = home.resolve("providers");
        Files.createDirectories(folder);
        List<Path> wanted = providers.stream().map(jar -> folder.resolve(jar.getFileName())).toList();
        try (Stream<Path> installed = Files.list(folder)) {
            for (Path jar : installed.filter(file -> file.toString().endsWith(".jar")).toList()) {
                if (!wanted.contains(jar)) {
                    Files.delete(jar);
                }
            }
        }
        for (Path jar : providers) {
            Path installed = folder.resolve(jar.getFileName());
            if (!Files.exists(installed) || Files.mismatch(jar, installed) != -1) {
                Files.copy(jar, installed, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return wanted;
    }

    private static void installRealm(Path home, String realmJson, boolean keepData) throws IOException {
        if (!keepData) {
            // --import-realm skips a realm that already exists: a database from an earlier run would keep an old realm.
            deleteRecursively(home.resolve("data/h2"));
        }
        Path imports = home.resolve("data/import");
        deleteRecursively(imports);
        Files.createDirectories(imports);
        Files.writeString(imports.resolve(RealmOverlay.REALM + "-realm.json"), realmJson, StandardCharsets.UTF_8);
    }

    private static void buildIfChanged(Path home, List<Path> providers, List<String> buildOptions, Path work)
            throws IOException {
        String fingerprint = fingerprint(home, providers, buildOptions);
        Path marker = home.resolve(FINGERPRINT_FILE);
        if (Files.isRegularFile(marker) && Files.readString(marker).equals(fingerprint)) {
            return;
        }
        Files.deleteIfExists(marker);
        restoreDistributedBuild(home);
        Path buildLog = work.resolve("keycloak-build.log");
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "build"));
        command.addAll(buildOptions);
        Process build = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(buildLog.toFile()).start();
        try {
            if (!build.waitFor(5, TimeUnit.MINUTES)) {
                stopTree(build);
                throw new SandpitException("Keycloak's build step did not finish in 5 minutes; its output is in "
                        + buildLog + ".");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopTree(build);
            throw new SandpitException("Interrupted while Keycloak was building.", e);
        }
        if (build.exitValue() != 0) {
            throw new SandpitException("Keycloak's build step failed (" + StartupLog.reason(buildLog)
                    + "); its output is in " + buildLog + ".");
        }
        Files.writeString(marker, fingerprint);
    }

    /**
     * {@code kc.sh build} boots the previous build, which names the provider jars it was made with: once one of those
     * is gone (a renamed or removed jar) it cannot start. So every build starts from the distribution's own, kept aside
     * the first time this home is used.
     */
    private static void restoreDistributedBuild(Path home) throws IOException {
        Path current = home.resolve("lib/quarkus");
        Path distributed = home.resolve("lib/quarkus-as-distributed");
        if (!Files.exists(distributed)) {
            copyFolder(current, distributed);
            return;
        }
        deleteRecursively(current);
        copyFolder(distributed, current);
    }

    private static void copyFolder(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /**
     * What the last build was made from: the distribution, the build options, and every installed provider jar's bytes
     * and modification time (Keycloak refuses an optimized start when a jar's time differs from its build's).
     */
    private static String fingerprint(Path home, List<Path> providers, List<String> buildOptions) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(home.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            digest.update(String.join(" ", buildOptions).getBytes(StandardCharsets.UTF_8));
            for (Path jar : providers) {
                digest.update(jar.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                digest.update(Files.getLastModifiedTime(jar).toString().getBytes(StandardCharsets.UTF_8));
                digest.update(Files.readAllBytes(jar));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java has SHA-256", e);
        }
    }

    private void awaitReady(URI health, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI realm = baseUrl.resolve("/realms/" + RealmOverlay.REALM + "/.well-known/openid-configuration");
        Instant deadline = Instant.now().plus(timeout);
        // The realm import runs after Keycloak says it started; ready means health is UP and the realm answers.
        while (!(answersOk(http, health) && answersOk(http, realm))) {
            process.descendants().filter(child -> !children.contains(child)).forEach(children::add);
            if (!process.isAlive()) {
                throw new SandpitException("Keycloak stopped while starting (" + StartupLog.reason(log)
                        + "); its output is in " + log + ".");
            }
            if (Instant.now().isAfter(deadline)) {
                throw new SandpitException("Keycloak was not ready within " + timeout.toSeconds()
                        + " seconds; its output is in " + log + ".");
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SandpitException("Interrupted while waiting for Keycloak.", e);
            }
        }
    }

    private static boolean answersOk(HttpClient http, URI uri) {
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** CPU time Keycloak's processes have used so far (the JVM under kc.sh, and the script): what benchmarks compare. */
    java.time.Duration cpuTime() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        return tree.stream().map(handle -> handle.info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus);
    }

    /** Ends Keycloak as a crash would (SIGKILL): it leaves its cluster without a word, as a lost machine does. */
    void kill() {
        List<ProcessHandle> tree = new ArrayList<>(children);
        tree.addAll(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                // already gone, or the operating system is slow to reap it; SIGKILL cannot be refused
            }
        }
    }

    long javaPid() {
        return process.descendants().filter(child -> child.info().command().map(c -> c.endsWith("java")).orElse(false))
                .findFirst().orElse(process.toHandle()).pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Stops Keycloak and every process it started, politely first. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is stopping Keycloak already
        }
        stop();
    }

    private void stop() {
        List<ProcessHandle> tree = new ArrayList<>(children);
        tree.addAll(process.descendants().toList());
        tree.add(process.toHandle());
        stopTree(tree);
    }

    private static void stopTree(Process process) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        stopTree(tree);
    }

    private static void stopTree(List<ProcessHandle> tree) {
        // kc.sh is a shell script around the JVM: signal both, or a killed script can leave Java running.
        tree.removeIf(handle -> !handle.isAlive());
        tree.forEach(ProcessHandle::destroy);
        Instant deadline = Instant.now().plusSeconds(30);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path each : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(each);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
