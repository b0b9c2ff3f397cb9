package org.nhsloginkeycloak.sandpit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * Keycloak on PostgreSQL: one node, or two forming one Infinispan cluster behind the load balancer, as a deployment
 * runs it.
 *
 * <p>The nodes find each other through Keycloak's default {@code jdbc-ping} discovery (rows in the shared database's
 * {@code JGROUPS_PING} table) and talk over a transport bound to loopback; every node has the load balancer's address
 * as its {@code --hostname}, so issuer, cookies and redirects are the same whichever node answers. Node 1 starts first
 * and imports the realm; node 2 then finds the realm there and skips the import.
 */
final class Cluster {

    /** Long enough for a loaded two-core machine; the join itself takes seconds. */
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(120);

    private Cluster() {
    }

    /**
     * A copy of the distribution kept for PostgreSQL builds beside the H2 one, so the single-node tests and a cluster
     * in the same run never rebuild each other's Keycloak.
     */
    static Path postgresHome(Path distribution) {
        Path home = distribution.getParent().resolve("postgres").resolve(distribution.getFileName().toString());
        if (Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            return home;
        }
        Path partial = home.resolveSibling(home.getFileName() + ".partial");
        try {
            KeycloakServer.deleteRecursively(partial);
            try (Stream<Path> files = Files.walk(distribution)) {
                for (Path file : files.toList()) {
                    Path relative = distribution.relativize(file);
                    if (relative.startsWith("data") && !relative.equals(Path.of("data"))) {
                        continue;
                    }
                    Path target = partial.resolve(relative.toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
            // Whole or not at all: a copy interrupted half-way is never taken for a home.
            Files.move(partial, home, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new SandpitException("Cannot copy Keycloak to " + home + " for PostgreSQL: " + e.getMessage(), e);
        }
        return home;
    }

    static Sandpit start(SandpitOptions options, Path built, Postgres postgres, List<NodePorts> ports,
            List<String> serverOptions, List<AutoCloseable> started,
            BiFunction<List<KeycloakServer>, URI, Sandpit> sandpit) {
        if (ports.size() == 1) {
            List<String> single = new ArrayList<>(List.of("--hostname-strict=false", "--cache=local"));
            single.addAll(serverOptions);
            single.addAll(options.serverOptions());
            KeycloakServer node = launch(started, built, ports.get(0), single, options.work(), options);
            return sandpit.apply(List.of(node), node.baseUrl());
        }
        if (options.keepData()) {
            // A node that was killed leaves its row; the next start would wait for it through JOIN timeouts.
            try {
                postgres.sql("delete from jgroups_ping");
            } catch (SandpitException noTableYet) {
                // the kept database never ran a cluster: no rows to clear
            }
        }
        URI publicUrl = URI.create("http://localhost:" + options.httpPort());
        List<KeycloakServer> nodes = new ArrayList<>();
        for (NodePorts node : ports) {
            List<String> nodeOptions = new ArrayList<>(List.of(
                    "--hostname=" + publicUrl, "--proxy-headers=xforwarded",
                    "--proxy-trusted-addresses=" + Ports.LOOPBACK + "/32",
                    "--cache=ispn", "--cache-stack=jdbc-ping",
                    // Without the address the transport binds a site-local address and a wildcard port.
                    "--cache-embedded-network-bind-address=" + Ports.LOOPBACK,
                    "--cache-embedded-network-bind-port=" + node.clusterPort(),
                    "--spi-cache-embedded--default--node-name=" + node.name()));
            nodeOptions.addAll(serverOptions);
            nodeOptions.addAll(options.serverOptions());
            Path home = KeycloakServer.nodeHome(built, options.work().resolve(node.name()));
            nodes.add(launch(started, home, node, nodeOptions, options.work().resolve(node.name()), options));
        }
        awaitOneCluster(nodes);
        List<LoadBalancer.Backend> backends = ports.stream()
                .map(node -> new LoadBalancer.Backend(node.name(), node.httpPort(), node.managementPort())).toList();
        LoadBalancer balancer = LoadBalancer.start(options.work(), options.httpPort(), backends);
        started.add(balancer);
        awaitBalanced(publicUrl);
        return sandpit.apply(nodes, publicUrl);
    }

    private static KeycloakServer launch(List<AutoCloseable> started, Path home, NodePorts node, List<String> options,
            Path folder, SandpitOptions sandpit) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new SandpitException("Cannot make " + folder + ": " + e.getMessage(), e);
        }
        KeycloakServer server = KeycloakServer.launch(new KeycloakServer.Launch(home, node.httpPort(),
                node.managementPort(), options, folder.resolve("keycloak.log"), sandpit.startTimeout()));
        started.add(server);
        return server;
    }

    /**
     * Proof from each node's own view, not an assumption: every node's {@code vendor_cluster_size} metric counts all
     * of them.
     */
    static void awaitOneCluster(List<KeycloakServer> nodes) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        awaitOneCluster(nodes.size(), node -> clusterSize(http, nodes.get(node).managementUrl()), JOIN_TIMEOUT,
                nodes.get(nodes.size() - 1).log(), Cluster::sleep);
    }

    /**
     * Waits until each of {@code count} nodes, asked through {@code view} (node 0, 1...), counts them all.
     *
     * @throws SandpitException after {@code timeout}, saying what each node sees and where to look
     */
    static void awaitOneCluster(int count, java.util.function.IntFunction<OptionalInt> view, Duration timeout,
            Path lastLog, Runnable pause) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            List<OptionalInt> views = java.util.stream.IntStream.range(0, count).mapToObj(view).toList();
            if (views.stream().allMatch(seen -> seen.isPresent() && seen.getAsInt() == count)) {
                return;
            }
            if (!Instant.now().isBefore(deadline)) {
                StringBuilder seen = new StringBuilder();
                for (int i = 0; i < count; i++) {
                    seen.append(i == 0 ? "" : ", ").append("node").append(i + 1).append(" sees ")
                            .append(views.get(i).isPresent() ? Integer.toString(views.get(i).getAsInt()) : "no")
                            .append(views.get(i).isPresent() && views.get(i).getAsInt() == 1 ? " node" : " nodes");
                }
                throw new SandpitException("The nodes did not form one cluster within " + timeout.toSeconds()
                        + " seconds (" + seen + "): look for ISPN000094 in " + lastLog
                        + ", and check that nothing else on this machine uses the same database.");
            }
            pause.run();
        }
    }

    /** {@code vendor_cluster_size{...} 2.0} on the management interface's {@code /metrics}. */
    static OptionalInt clusterSize(HttpClient http, URI management) {
        try {
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(management.resolve("/metrics"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return metrics.statusCode() == 200 ? clusterSize(metrics.body()) : OptionalInt.empty();
        } catch (IOException e) {
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandpitException("Interrupted while waiting for the cluster.", e);
        }
    }

    static OptionalInt clusterSize(String metrics) {
        return metrics.lines().filter(line -> line.startsWith("vendor_cluster_size"))
                .map(line -> line.substring(line.lastIndexOf(' ') + 1))
                .mapToInt(value -> (int) Double.parseDouble(value)).max();
    }

    /** HAProxy marks a node up after two health checks a second apart; until then it answers 503. */
    private static void awaitBalanced(URI publicUrl) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI realm = publicUrl.resolve("/realms/" + RealmOverlay.REALM + "/.well-known/openid-configuration");
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            try {
                if (http.send(HttpRequest.newBuilder(realm).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SandpitException("Interrupted while waiting for the load balancer.", e);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new SandpitException("The load balancer on " + publicUrl + " did not reach the nodes within 30"
                        + " seconds; its configuration is in haproxy.cfg in the work folder.");
            }
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandpitException("Interrupted while the cluster started.", e);
        }
    }
}
