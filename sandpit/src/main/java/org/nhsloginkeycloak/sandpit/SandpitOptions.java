package org.nhsloginkeycloak.sandpit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where the sandpit's parts are and which loopback ports they take.
 *
 * @param layout the folder the Maven build filled: {@code keycloak/keycloak-<version>/} (the unpacked distribution),
 *     {@code providers/} (the bundle jar) and {@code realm/nhs-realm.json}
 * @param work where Keycloak's output and the sandpit's partner keys are written
 * @param keepData keep the database of the last run (registered accounts survive) instead of a fresh realm import
 * @param pdsSignedJwt Keycloak fetches PDS tokens from the stand-in's token endpoint with a key made for the run,
 *     instead of sending none
 * @param serverOptions Keycloak run-time options added after the sandpit's own, e.g. a benchmark's
 *     {@code --spi-nhs-pds--pds-fhir--requests-per-second=1000}
 * @param database embedded H2 (one node, the fast start) or a PostgreSQL the sandpit starts from the machine's package
 * @param nodes Keycloak nodes: 1, or 2 forming one cluster behind a load balancer, which then takes {@code httpPort}
 * @param postgresPort PostgreSQL's loopback port, when {@code database} is PostgreSQL
 * @param freePorts each node's ports are free ones chosen at start (tests); otherwise node <i>n</i> takes
 *     {@code httpPort + n}, {@code managementPort + n} and cluster port {@code 7790 + 10n}
 */
public record SandpitOptions(Path layout, Path work, int httpPort, int managementPort, int pdsPort, int notifyPort,
        int smtpPort, boolean keepData, boolean pdsSignedJwt, Duration startTimeout, List<String> serverOptions,
        Database database, int nodes, int postgresPort, boolean freePorts) {

    /** The database Keycloak runs on. */
    public enum Database {
        H2, POSTGRES
    }

    public SandpitOptions {
        serverOptions = List.copyOf(serverOptions);
        if (nodes < 1 || nodes > 2) {
            throw new IllegalArgumentException("The sandpit runs 1 or 2 Keycloak nodes, not " + nodes + ".");
        }
    }

    /** The Keycloak version the build unpacked, from the filtered {@code sandpit/build.properties}. */
    static final String KEYCLOAK_VERSION = buildProperty("keycloak.version");
    /** The name the build gives the bundle in {@code providers/}. */
    static final String BUNDLE_JAR = "nhs-login-keycloak.jar";

    /** The ports a person's sandpit uses, documented in the README. */
    public static SandpitOptions standard(Path layout) {
        return new SandpitOptions(layout, layout.resolve("sandpit-run"), 8080, 9000, 8091, 8092, 2525, false, true,
                Duration.ofMinutes(4), List.of(), Database.H2, 1, 55432, false);
    }

    /**
     * Free ports, so tests run beside a person's sandpit, and a fresh database. The PDS allowance is raised from PDS's
     * 5 a second: journeys run back to back on a fast machine would otherwise meet "try again in a few minutes" by
     * chance (a test of the allowance sets its own). No frequency cap on campaign emails: tests emailing the realm's
     * P0 citizens one after another would otherwise hold each other's citizens back (the cluster's tests keep the cap).
     * Snapshots in chunks of 100 user rows, so every campaign a test starts is taken over several of the runner's
     * transactions, as a large one is.
     */
    public static SandpitOptions forTests(Path layout) {
        return new SandpitOptions(layout, layout.resolve("sandpit-test-run"), Ports.free(), Ports.free(), Ports.free(),
                Ports.free(), Ports.free(), false, true, Duration.ofMinutes(4),
                List.of("--spi-nhs-pds--pds-fhir--requests-per-second=100",
                        "--spi-nhs-campaign-sender--govuk-notify--frequency-cap-days=0",
                        "--spi-nhs-campaign-sender--govuk-notify--snapshot-chunk=100"), Database.H2, 1, Ports.free(),
                true);
    }

    /** The same, working in {@code name} under the layout, so a second run beside the tests' keeps its own data. */
    public SandpitOptions withWork(String name) {
        return new SandpitOptions(layout, layout.resolve(name), httpPort, managementPort, pdsPort, notifyPort, smtpPort,
                keepData, pdsSignedJwt, startTimeout, serverOptions, database, nodes, postgresPort, freePorts);
    }

    public SandpitOptions withHttpPort(int port) {
        return new SandpitOptions(layout, work, port, managementPort, pdsPort, notifyPort, smtpPort, keepData,
                pdsSignedJwt, startTimeout, serverOptions, database, nodes, postgresPort, freePorts);
    }

    public SandpitOptions withManagementPort(int port) {
        return new SandpitOptions(layout, work, httpPort, port, pdsPort, notifyPort, smtpPort, keepData, pdsSignedJwt,
                startTimeout, serverOptions, database, nodes, postgresPort, freePorts);
    }

    public SandpitOptions withKeepData(boolean keep) {
        return new SandpitOptions(layout, work, httpPort, managementPort, pdsPort, notifyPort, smtpPort, keep,
                pdsSignedJwt, startTimeout, serverOptions, database, nodes, postgresPort, freePorts);
    }

    public SandpitOptions withPdsSignedJwt(boolean signedJwt) {
        return new SandpitOptions(layout, work, httpPort, managementPort, pdsPort, notifyPort, smtpPort, keepData,
                signedJwt, startTimeout, serverOptions, database, nodes, postgresPort, freePorts);
    }

    /**
     * The same, Keycloak started with {@code options} as well: for settings it reads once, at start-up, such as the PDS
     * client's rate allowance.
     */
    public SandpitOptions withServerOptions(List<String> options) {
        return new SandpitOptions(layout, work, httpPort, managementPort, pdsPort, notifyPort, smtpPort, keepData,
                pdsSignedJwt, startTimeout, options, database, nodes, postgresPort, freePorts);
    }

    /** The same on {@code database}. */
    public SandpitOptions withDatabase(Database database) {
        return new SandpitOptions(layout, work, httpPort, managementPort, pdsPort, notifyPort, smtpPort, keepData,
                pdsSignedJwt, startTimeout, serverOptions, database, nodes, postgresPort, freePorts);
    }

    /** The same with {@code nodes} Keycloak nodes (2 need PostgreSQL). */
    public SandpitOptions withNodes(int nodes) {
        return new SandpitOptions(layout, work, httpPort, managementPort, pdsPort, notifyPort, smtpPort, keepData,
                pdsSignedJwt, startTimeout, serverOptions, database, nodes, postgresPort, freePorts);
    }

    public SandpitOptions withPostgresPort(int port) {
        return new SandpitOptions(layout, work, httpPort, managementPort, pdsPort, notifyPort, smtpPort, keepData,
                pdsSignedJwt, startTimeout, serverOptions, database, nodes, port, freePorts);
    }

    /** The unpacked Keycloak distribution of the version this sandpit was built for. */
    Path keycloakHome() {
        Path home = layout.resolve("keycloak").resolve("keycloak-" + KEYCLOAK_VERSION);
        if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            throw new SandpitException("No Keycloak " + KEYCLOAK_VERSION + " distribution in " + home.getParent()
                    + ": build the sandpit first with `mvn -pl sandpit -am package -DskipTests`.");
        }
        return home;
    }

    /**
     * The provider jars to install: the bundle, which the build copies under a fixed name. Other jars a developer or an
     * older build left in {@code providers/} are ignored, so stale classes never shadow new ones.
     */
    List<Path> providerJars() {
        Path bundle = layout.resolve("providers").resolve(BUNDLE_JAR);
        if (!Files.isRegularFile(bundle)) {
            throw new SandpitException("No provider jar at " + bundle + ": build the sandpit first with"
                    + " `mvn -pl sandpit -am package -DskipTests`.");
        }
        return List.of(bundle);
    }

    /** The deployable realm file, before the sandpit's overlay. */
    Path realmFile() {
        Path file = layout.resolve("realm/nhs-realm.json");
        if (!Files.isRegularFile(file)) {
            throw new SandpitException("No realm file at " + file + ": build the sandpit first with"
                    + " `mvn -pl sandpit -am package -DskipTests`.");
        }
        return file;
    }

    private static String buildProperty(String name) {
        java.util.Properties properties = new java.util.Properties();
        try (java.io.InputStream in = SandpitOptions.class.getResourceAsStream("/sandpit/build.properties")) {
            properties.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("The sandpit jar has no sandpit/build.properties", e);
        }
        return properties.getProperty(name);
    }
}
