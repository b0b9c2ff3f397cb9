package org.nhsloginkeycloak.sandpit;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy from the machine's package in front of the nodes, as a deployment would put one: round robin without
 * stickiness, so any request may land on any node, and a node taken out of the rotation once its {@code /health/ready}
 * fails, unless no node is ready, when the nodes that are alive serve. A request whose node has just died is sent to
 * another ({@code retry-on conn-failure}), as it would be before the health check notices.
 */
final class LoadBalancer implements AutoCloseable {

    private final Process process;
    private final URI url;
    private final Thread shutdownHook;

    private LoadBalancer(Process process, URI url) {
        this.process = process;
        this.url = url;
        this.shutdownHook = new Thread(process::destroy, "haproxy-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** A node behind the balancer: its HTTP port and the management port its health check asks. */
    record Backend(String name, int httpPort, int managementPort) {
    }

    static LoadBalancer start(Path work, int port, List<Backend> backends) {
        String haproxy = executable();
        Ports.requireFree(port, "the load balancer; --http-port chooses another");
        Path config = work.resolve("haproxy.cfg");
        Path log = work.resolve("haproxy.log");
        try {
            Files.createDirectories(work);
            Files.writeString(config, config(port, backends), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SandpitException("Cannot write the load balancer's configuration to " + config + ": "
                    + e.getMessage() + ".", e);
        }
        Process process;
        try {
            process = new ProcessBuilder(haproxy, "-db", "-f", config.toString()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new SandpitException("Cannot run " + haproxy + ": " + e.getMessage() + ".", e);
        }
        LoadBalancer balancer = new LoadBalancer(process, URI.create("http://localhost:" + port));
        Instant deadline = Instant.now().plusSeconds(10);
        while (!listening(port)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                balancer.close();
                throw new SandpitException("The load balancer (HAProxy) did not start (" + StartupLog.reason(log)
                        + "); its output is in " + log + ".");
            }
            sleep(Duration.ofMillis(100));
        }
        return balancer;
    }

    static String config(int port, List<Backend> backends) {
        StringBuilder text = new StringBuilder("""
                # Written by the sandpit for each run.
                global
                    maxconn 512

                defaults
                    mode http
                    timeout connect 2s
                    timeout client 120s
                    timeout server 120s
                    option redispatch
                    retries 3
                    retry-on conn-failure empty-response
                    option forwardfor

                frontend nhs-login
                    bind %1$s:%2$d
                    http-request set-header X-Forwarded-Proto http
                    http-request set-header X-Forwarded-Host %%[req.hdr(host)]
                    http-request set-header X-Forwarded-Port %2$d
                    # When no node is ready, the nodes that are alive rather than nobody: see the live backend.
                    use_backend keycloak-live if { nbsrv(keycloak) eq 0 }
                    default_backend keycloak

                backend keycloak
                    balance roundrobin
                    option httpchk GET /health/ready
                    http-check expect status 200
                """.formatted(Ports.LOOPBACK, port));
        servers(text, backends);
        text.append("""

                # Keycloak's split-brain check marks a node not ready while the database still names a coordinator it
                # cannot see: after the coordinator dies, the survivor is not ready until that row goes stale (up to
                # a minute; 30 s and 60 s measured here). A node that is alive but not ready is served only while no
                # node is ready, so a real partition (one side ready) still keeps the other side out.
                backend keycloak-live
                    balance roundrobin
                    option httpchk GET /health/live
                    http-check expect status 200
                """);
        servers(text, backends);
        return text.toString();
    }

    private static void servers(StringBuilder text, List<Backend> backends) {
        for (Backend backend : backends) {
            text.append("    server ").append(backend.name()).append(' ').append(Ports.LOOPBACK).append(':')
                    .append(backend.httpPort()).append(" check port ").append(backend.managementPort())
                    .append(" inter 1s fall 2 rise 2\n");
        }
    }

    private static String executable() {
        for (String candidate : List.of("/usr/sbin/haproxy", "/usr/bin/haproxy", "/usr/local/sbin/haproxy")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new SandpitException("HAProxy is not installed: two nodes need a load balancer in front of them; install"
                + " Debian's package with `apt-get install -y haproxy`, or run the sandpit with one node.");
    }

    private static boolean listening(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(Ports.LOOPBACK, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandpitException("Interrupted while the load balancer started.", e);
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is stopping HAProxy already
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public String toString() {
        return "the load balancer on " + url;
    }
}
