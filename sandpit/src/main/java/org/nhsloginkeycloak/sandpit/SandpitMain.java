package org.nhsloginkeycloak.sandpit;

import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The sandpit command: {@code java -jar sandpit/target/nhs-login-sandpit.jar [--http-port N] [--management-port N]
 * [--keep-data] [--pds-api-key-only]}. Runs until Ctrl-C, which stops every process it started.
 */
public final class SandpitMain {

    private SandpitMain() {
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        SandpitOptions options;
        try {
            options = parse(args, SandpitOptions.standard(layoutBesideThisJar()));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        if (options == null) {
            out.println(usage());
            return;
        }
        out.println("Starting the NHS login sandpit (Keycloak takes about a minute the first time)...");
        Sandpit sandpit;
        try {
            sandpit = Sandpit.start(options);
        } catch (RuntimeException e) {
            // Every failure is one sentence; SandpitException's are written for people, others name their kind.
            System.err.println("The sandpit did not start: " + (e instanceof SandpitException ? e.getMessage()
                    : e.getClass().getSimpleName() + ": " + e.getMessage()));
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            out.println("\nStopping the sandpit...");
            sandpit.close();
            stopped.countDown();
        }, "sandpit-shutdown"));
        // Ctrl-C reaches Keycloak and this JVM together; give the shutdown hook time to say it is the one stopping.
        // A cluster carries on while any node runs: losing a node is something a newcomer is invited to try.
        for (Sandpit.Node node : sandpit.nodes()) {
            node.exited().thenRunAsync(() -> {
                if (stopping.get()) {
                    return;
                }
                List<String> left = sandpit.nodes().stream().filter(Sandpit.Node::isAlive).map(Sandpit.Node::name)
                        .toList();
                if (left.isEmpty()) {
                    System.err.println("Keycloak stopped on its own; its output is in " + node.log() + ".");
                    System.exit(1);
                }
                out.println(nodeLost(node.name(), node.log(), left));
            }, CompletableFuture.delayedExecutor(2, TimeUnit.SECONDS));
        }
        sandpit.mail().printArrivals(out);
        printTexts(sandpit, out);
        out.println(banner(sandpit));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What a person sees when one node of a cluster ends and others still run. */
    static String nodeLost(String name, Path log, List<String> left) {
        return "\n--- " + name + " stopped (its output is in " + log + "); " + String.join(" and ", left)
                + (left.size() == 1 ? " carries" : " carry") + " on behind the load balancer, at the same address."
                + " Start the sandpit again to have all nodes back.";
    }

    /** Prints each text Keycloak asks the Notify stand-in to send: sandpit numbers and codes are test data. */
    private static void printTexts(Sandpit sandpit, PrintStream out) {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        sandpit.govukNotify().server().addMockServiceRequestListener((request, response) -> {
            if (request.getUrl().startsWith("/v2/notifications/sms")) {
                try {
                    var body = json.readTree(request.getBodyAsString());
                    out.println("\n--- text to " + body.path("phone_number").asText() + ": security code "
                            + body.path("personalisation").path("code").asText() + " (" + response.getStatus() + ")");
                } catch (java.io.IOException e) {
                    out.println("\n--- a text request that is not JSON (" + response.getStatus() + ")");
                }
            }
        });
    }

    static SandpitOptions parse(String[] args, SandpitOptions defaults) {
        SandpitOptions options = defaults;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--keep-data" -> options = options.withKeepData(true);
                case "--pds-api-key-only" -> options = options.withPdsSignedJwt(false);
                case "--http-port" -> options = options.withHttpPort(port(args, ++i));
                case "--management-port" -> options = options.withManagementPort(port(args, ++i));
                case "--postgres-port" -> options = options.withPostgresPort(port(args, ++i));
                case "--database" -> options = options.withDatabase(database(args, ++i));
                case "--nodes" -> options = options.withNodes(nodes(args, ++i));
                default -> throw new IllegalArgumentException("Unknown option " + args[i] + ".");
            }
        }
        if (options.nodes() > 1 && options.database() != SandpitOptions.Database.POSTGRES) {
            throw new IllegalArgumentException("--nodes 2 needs --database postgres: the nodes share one database.");
        }
        return options;
    }

    private static SandpitOptions.Database database(String[] args, int index) {
        if (index >= args.length) {
            throw new IllegalArgumentException("--database needs h2 or postgres.");
        }
        return switch (args[index]) {
            case "h2" -> SandpitOptions.Database.H2;
            case "postgres" -> SandpitOptions.Database.POSTGRES;
            default -> throw new IllegalArgumentException("--database needs h2 or postgres, not " + args[index] + ".");
        };
    }

    private static int nodes(String[] args, int index) {
        if (index >= args.length || !(args[index].equals("1") || args[index].equals("2"))) {
            throw new IllegalArgumentException("--nodes needs 1 or 2" + (index < args.length ? ", not " + args[index]
                    : "") + ".");
        }
        return Integer.parseInt(args[index]);
    }

    private static int port(String[] args, int index) {
        String option = args[index - 1];
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a port number.");
        }
        try {
            int port = Integer.parseInt(args[index]);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a port number from 1 to 65535, not " + args[index] + ".");
        }
    }

    static String usage() {
        return """
                Usage: ./run-sandpit.sh [--database h2|postgres] [--nodes 1|2] [--http-port N] [--management-port N]
                                        [--postgres-port N] [--keep-data] [--pds-api-key-only]
                  --database DB        h2 (default: embedded, the fast start) or postgres (the machine's PostgreSQL,
                                       started in the work folder)
                  --nodes N            1 (default) or 2: a cluster behind HAProxy on the HTTP port (needs postgres);
                                       node n takes HTTP port + n, management port + n, cluster port 7790 + 10n
                  --http-port N        Keycloak's port, or the load balancer's with two nodes (default 8080)
                  --management-port N  health and metrics port (default 9000)
                  --postgres-port N    PostgreSQL's port (default 55432)
                  --keep-data          keep accounts from the last run instead of a fresh realm import
                  --pds-api-key-only   no PDS tokens (default: signed-JWT client credentials from the stand-in,
                                       which the token exchange of "Your details" needs)""";
    }

    static String banner(Sandpit sandpit) {
        String base = "http://localhost:" + sandpit.keycloakUrl().getPort();
        StringBuilder text = new StringBuilder()
                .append("\nThe NHS login sandpit is running. Ctrl-C stops it.\n\n")
                .append("  Account console    ").append(base).append("/realms/").append(Sandpit.REALM).append("/account/\n")
                .append("  Admin console      ").append(base).append("/admin/master/console/#/").append(Sandpit.REALM)
                .append("   (").append(sandpit.adminUsername()).append(" / ").append(sandpit.adminPassword()).append(")\n")
                .append("  OIDC discovery     ").append(base).append("/realms/").append(Sandpit.REALM)
                .append("/.well-known/openid-configuration\n")
                .append("  PDS stand-in       ").append(sandpit.pds().baseUrl()).append('\n')
                .append("  Notify stand-in    ").append(sandpit.govukNotify().baseUrl()).append('\n')
                .append("  SMTP sink          smtp://127.0.0.1:").append(sandpit.mail().port())
                .append("   (mail and texted security codes are printed here)\n")
                .append("  Partner keys       ").append(sandpit.work().resolve("keys"))
                .append("   (private_key_jwt keys of the example partners)\n")
                .append(nodes(sandpit)).append('\n')
                .append("  Sandpit citizens (password for all: ").append(sandpit.accounts().get(0).password())
                .append(")\n");
        for (SandpitAccount account : sandpit.accounts()) {
            text.append(String.format("    %-30s %s  %s%n", account.username(), account.proofingLevel(), account.name()));
        }
        text.append("\n  Step up to P5: open this as p0.citizen, then give Ffion JONES, 1 6 1992, CF10 1AA (AMNV matches"
                + " at once),\n  or Mary Ellen HOLLOWAY, 14 2 1979, LS1 4AP (AMNV offers a code to her GP mobile; the code is"
                + " printed here)\n    ")
                .append(base).append("/realms/").append(Sandpit.REALM).append("/protocol/openid-connect/auth")
                .append("?client_id=example-vaccination-record&response_type=code&scope=openid%20profile%20phone")
                .append("&redirect_uri=http%3A%2F%2Flocalhost%2Fsandpit%2Fcallback&state=sandpit&nonce=sandpit\n");
        text.append("\n  Your details: open this as p9.citizen to change her address, mobile or email on the PDS stand-in\n    ")
                .append(base).append("/realms/").append(Sandpit.REALM).append("/protocol/openid-connect/auth")
                .append("?client_id=example-gp-services&response_type=code&scope=openid%20profile%20phone")
                .append("&kc_action=nhs-your-details")
                .append("&redirect_uri=http%3A%2F%2Flocalhost%2Fsandpit%2Fcallback&state=sandpit&nonce=sandpit\n");
        return text.toString();
    }

    /** Where each node's output is, and in a cluster how to reach and stop a node on its own. */
    private static String nodes(Sandpit sandpit) {
        if (sandpit.nodes().size() == 1) {
            return "  Keycloak output    " + sandpit.keycloakLog() + "\n";
        }
        StringBuilder text = new StringBuilder("  Load balancer      HAProxy, round robin over " + sandpit.nodes().size()
                + " nodes of one cluster on PostgreSQL\n");
        for (Sandpit.Node node : sandpit.nodes()) {
            text.append(String.format("  %-18s %s  (output %s; stop it with kill -9 %d to try losing a node)%n",
                    node.name(), node.url(), node.log(), node.pid()));
        }
        return text.toString();
    }

    /** The jar sits in target/, beside the keycloak/, providers/ and realm/ folders the build made. */
    private static Path layoutBesideThisJar() {
        try {
            return Path.of(SandpitMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
