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
 */
public record SandpitOptions(Path layout, Path work, int httpPort, int managementPort, int pdsPort, int notifyPort,
        int smtpPort, boolean keepData, boolean pdsSignedJwt, Duration startTimeout, List<String> serverOptions) {

    public SandpitOptions {
        serverOptions = List.copyOf(serverOptions);
    }

    /** The Keycloak version the build unpacked, from the filtered {@code sandpit/build.properties}. */
    static final String KEYCLOAK_VERSION = buildProperty("keycloak.version");
    /** The name the build gives the bundle in {@code providers/}. */
    static final String BUNDLE_JAR = "nhs-login-keycloak.jar";

    /** The ports a person's sandpit uses, documented in the README. */
    public static SandpitOptions standard(Path layout) {
        return new SandpitOptions(layout, layout.resolve("sandpit-run"), 8080, 9000, 8091, 8092, 2525, false, false,
                Duration.ofMinutes(4), List.of());
    }

    /**
     * Free ports, so tests run beside a person's sandpit, and a fresh database. The PDS allowance is raised from PDS's
     * 5 a second: journeys run back to back on a fast machine would otherwise meet "try again in a few minutes" by
     * chance (a test of the allowance sets its own).
     */
    public static SandpitOptions forTests(Path layout) {
        return new SandpitOptions(layout, layout.resolve("sandpit-test-run"), Ports.free(), Ports.free(), Ports.free(),
                Ports.free(), Ports.free(), false, false, Duration.ofMinutes(4),
                List.of("--spi-nhs-pds--pds-fhir--requests-per-second=100"));
    }

    /** The same, working in {@code name} under the layout, so a second run beside the tests' keeps its own data. */
    public SandpitOptions withWork(String name) {
        return new SandpitOptions(layout, layout.resolve(name), httpPort, managementPort, pdsPort, notifyPort, smtpPort,
                keepData, pdsSignedJwt, startTimeout, serverOptions);
    }

    public SandpitOptions withHttpPort(int port) {
        return new SandpitOptions(layout, work, port, managementPort, pdsPort, notifyPort, smtpPort, keepData,
                pdsSignedJwt, startTimeout, serverOptions);
    }

    public SandpitOptions withManagementPort(int port) {
        return new SandpitOptions(layout, work, httpPort, port, pdsPort, notifyPort, smtpPort, keepData, pdsSignedJwt,
                startTimeout, serverOptions);
    }

    public SandpitOptions withKeepData(boolean keep) {
        return new SandpitOptions(layout, work, httpPort, managementPort, pdsPort, notifyPort, smtpPort, keep,
                pdsSignedJwt, startTimeout, serverOptions);
    }

    public SandpitOptions withPdsSignedJwt(boolean signedJwt) {
        return new SandpitOptions(layout, work, httpPort, managementPort, pdsPort, notifyPort, smtpPort, keepData,
                signedJwt, startTimeout, serverOptions);
    }

    /**
     * The same, Keycloak started with {@code options} as well: for settings it reads once, at start-up, such as the PDS
     * client's rate allowance.
     */
    public SandpitOptions withServerOptions(List<String> options) {
        return new SandpitOptions(layout, work, httpPort, managementPort, pdsPort, notifyPort, smtpPort, keepData,
                pdsSignedJwt, startTimeout, options);
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
