package org.nhsloginkeycloak.sandpit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the sandpit's parts are and which loopback ports they take.
 *
 * @param layout the folder the Maven build filled: {@code keycloak/keycloak-<version>/} (the unpacked distribution),
 *     {@code providers/} (the bundle jar) and {@code realm/nhs-realm.json}
 * @param work where logs, the realm file as imported, and the sandpit's partner keys are written
 * @param keepData keep the database of the last run (registered accounts survive) instead of a fresh realm import
 */
public record SandpitOptions(Path layout, Path work, int httpPort, int managementPort, int pdsPort, int notifyPort,
        int smtpPort, boolean keepData, Duration startTimeout) {

    /** The ports a person's sandpit uses, documented in the README. */
    public static SandpitOptions standard(Path layout) {
        return new SandpitOptions(layout, layout.resolve("sandpit-run"), 8080, 9000, 8091, 8092, 2525, false,
                Duration.ofMinutes(4));
    }

    /** Free ports, so tests run beside a person's sandpit, and a fresh database. */
    public static SandpitOptions forTests(Path layout) {
        return new SandpitOptions(layout, layout.resolve("sandpit-test-run"), Ports.free(), Ports.free(), Ports.free(),
                Ports.free(), Ports.free(), false, Duration.ofMinutes(4));
    }

    public SandpitOptions withHttpPort(int port) {
        return new SandpitOptions(layout, work, port, managementPort, pdsPort, notifyPort, smtpPort, keepData, startTimeout);
    }

    public SandpitOptions withManagementPort(int port) {
        return new SandpitOptions(layout, work, httpPort, port, pdsPort, notifyPort, smtpPort, keepData, startTimeout);
    }

    public SandpitOptions withKeepData(boolean keep) {
        return new SandpitOptions(layout, work, httpPort, managementPort, pdsPort, notifyPort, smtpPort, keep, startTimeout);
    }

    /** The unpacked Keycloak distribution. */
    Path keycloakHome() {
        Path parent = layout.resolve("keycloak");
        try (Stream<Path> homes = Files.isDirectory(parent) ? Files.list(parent) : Stream.empty()) {
            List<Path> found = homes.filter(home -> Files.isRegularFile(home.resolve("bin/kc.sh"))).toList();
            if (found.size() != 1) {
                throw new SandpitException("No Keycloak distribution in " + parent + ": build the sandpit first with"
                        + " `mvn -pl sandpit -am package -DskipTests`.");
            }
            return found.get(0);
        } catch (IOException e) {
            throw new SandpitException("Cannot read " + parent + ": " + e.getMessage(), e);
        }
    }

    /** The provider jars to install: everything the build put in {@code providers/}. */
    List<Path> providerJars() {
        Path folder = layout.resolve("providers");
        try (Stream<Path> jars = Files.isDirectory(folder) ? Files.list(folder) : Stream.empty()) {
            List<Path> found = jars.filter(jar -> jar.toString().endsWith(".jar")).sorted().toList();
            if (found.isEmpty()) {
                throw new SandpitException("No provider jar in " + folder + ": build the sandpit first with"
                        + " `mvn -pl sandpit -am package -DskipTests`.");
            }
            return found;
        } catch (IOException e) {
            throw new SandpitException("Cannot read " + folder + ": " + e.getMessage(), e);
        }
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
}
