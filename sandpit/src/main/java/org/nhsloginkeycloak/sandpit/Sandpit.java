package org.nhsloginkeycloak.sandpit;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/**
 * A complete local NHS login: Keycloak with the bundle and the realm, stand-ins for PDS and GOV.UK Notify, and an
 * SMTP sink. One launcher for the sandpit command and for the integration tests.
 */
public final class Sandpit implements AutoCloseable {

    public static final String REALM = RealmOverlay.REALM;

    private final List<AutoCloseable> parts;
    private final List<KeycloakServer> nodes;
    private final URI publicUrl;
    private final ThirdPartyStub pds;
    private final ThirdPartyStub notify;
    private final SmtpSink mail;
    private final List<SandpitAccount> accounts;
    private final Path work;

    private Sandpit(List<AutoCloseable> parts, List<KeycloakServer> nodes, URI publicUrl, ThirdPartyStub pds,
            ThirdPartyStub notify, SmtpSink mail, List<SandpitAccount> accounts, Path work) {
        this.parts = parts;
        this.nodes = new java.util.concurrent.CopyOnWriteArrayList<>(nodes);
        this.publicUrl = publicUrl;
        this.pds = pds;
        this.notify = notify;
        this.mail = mail;
        this.accounts = accounts;
        this.work = work;
    }

    /**
     * Starts every part, third parties first so Keycloak finds them. If any part fails, the ones already running are
     * stopped before the {@link SandpitException} leaves.
     */
    public static Sandpit start(SandpitOptions options) {
        if (options.nodes() > 1 && options.database() != SandpitOptions.Database.POSTGRES) {
            throw new SandpitException("Two nodes share one database: start them with --database postgres.");
        }
        Path home = options.keycloakHome();
        List<Path> providers = options.providerJars();
        RealmOverlay overlay = RealmOverlay.load();
        String realm = overlay.applyTo(options.realmFile(), options.smtpPort()).toPrettyString();
        List<NodePorts> nodePorts = NodePorts.of(options);
        requirePortsFree(options, nodePorts);
        List<AutoCloseable> started = new ArrayList<>();
        try {
            SmtpSink mail = started(started, SmtpSink.start(options.smtpPort()));
            ThirdPartyStub pds = started(started, ThirdPartyStub.start("pds", options.pdsPort()));
            ThirdPartyStub notify = started(started, ThirdPartyStub.start("notify", options.notifyPort()));
            writeClientKeys(overlay, options.work());
            List<String> serverOptions = withoutReplaced(serverOptions(notify, pds), options.serverOptions());
            if (options.pdsSignedJwt()) {
                serverOptions.addAll(pdsSignedJwtOptions(pds, options.work()));
            }
            if (options.database() == SandpitOptions.Database.H2) {
                serverOptions.add(0, "--cache=local");
                serverOptions.add(0, "--hostname-strict=false");
                serverOptions.addAll(options.serverOptions());
                KeycloakServer.prepare(home, providers, realm, KeycloakServer.Database.H2, options.keepData(),
                        options.work());
                KeycloakServer keycloak = started(started, KeycloakServer.launch(new KeycloakServer.Launch(home,
                        options.httpPort(), options.managementPort(), serverOptions,
                        options.work().resolve("keycloak.log"), options.startTimeout())));
                return new Sandpit(started, List.of(keycloak), keycloak.baseUrl(), pds, notify, mail,
                        overlay.accounts(), options.work());
            }
            Postgres postgres = started(started, Postgres.start(options.work().resolve("postgres"),
                    options.postgresPort(), options.keepData()));
            serverOptions.addAll(List.of("--db-url=" + postgres.jdbcUrl(), "--db-username=" + Postgres.USERNAME,
                    "--db-password=" + Postgres.PASSWORD));
            Path built = Cluster.postgresHome(home);
            KeycloakServer.prepare(built, providers, realm, KeycloakServer.Database.POSTGRES, options.keepData(),
                    options.work());
            return Cluster.start(options, built, postgres, nodePorts, serverOptions, started,
                    (nodes, url) -> new Sandpit(started, nodes, url, pds, notify, mail, overlay.accounts(),
                            options.work()));
        } catch (RuntimeException e) {
            closeAll(started);
            throw e;
        }
    }

    /**
     * Every port this sandpit will take, checked before anything starts: a second sandpit on the same ports stops at
     * once with the port's name, leaving nothing running.
     */
    private static void requirePortsFree(SandpitOptions options, List<NodePorts> nodePorts) {
        Ports.requireFree(options.smtpPort(), "the SMTP sink");
        Ports.requireFree(options.pdsPort(), "the PDS stand-in");
        Ports.requireFree(options.notifyPort(), "the Notify stand-in");
        boolean cluster = options.nodes() > 1;
        Ports.requireFree(options.httpPort(), (cluster ? "the load balancer" : "Keycloak HTTP")
                + "; --http-port chooses another");
        if (options.database() == SandpitOptions.Database.POSTGRES) {
            Ports.requireFree(options.postgresPort(), "PostgreSQL; --postgres-port chooses another");
        }
        for (NodePorts ports : nodePorts) {
            ports.requireFree(cluster);
        }
    }

    /** Where the stand-in serves PDS, under the same path as the real API. */
    public static final String PDS_FHIR_PATH = "/personal-demographics/FHIR/R4";

    /** GOV.UK Notify's and PDS's stand-ins instead of the real services; a made-up key in Notify's format. */
    static final String NOTIFY_API_KEY = "sandpit-4d3f9a1e-5b6c-4e2f-9a8b-7c6d5e4f3a2b-1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9";
    static final String NOTIFY_SMS_TEMPLATE_ID = "9c1b7d0e-3a55-4b3e-9f6a-2d8e4c7b1a90";

    /** The sandpit's own options less those the caller gives again (one value each: the caller's stands). */
    static List<String> withoutReplaced(List<String> own, List<String> given) {
        java.util.Set<String> keys = new java.util.HashSet<>();
        given.forEach(option -> keys.add(option.split("=", 2)[0]));
        List<String> kept = new ArrayList<>();
        own.stream().filter(option -> !keys.contains(option.split("=", 2)[0])).forEach(kept::add);
        return kept;
    }

    private static List<String> serverOptions(ThirdPartyStub notify, ThirdPartyStub pds) {
        return List.of(
                "--spi-nhs-pds--pds-fhir--base-url=" + pds.baseUrl() + PDS_FHIR_PATH,
                "--spi-nhs-sms-sender--govuk-notify--base-url=" + notify.baseUrl(),
                "--spi-nhs-sms-sender--govuk-notify--api-key=" + NOTIFY_API_KEY,
                "--spi-nhs-sms-sender--govuk-notify--template-id=" + NOTIFY_SMS_TEMPLATE_ID,
                "--spi-nhs-sms-sender--govuk-notify--timeout-seconds=5",
                "--spi-nhs-campaign-sender--govuk-notify--base-url=" + notify.baseUrl(),
                "--spi-nhs-campaign-sender--govuk-notify--api-key=" + NOTIFY_API_KEY,
                // A stand-in answers at once: short turns and leases let a crash be seen settled within a minute;
                // campaigns ask for slower rates of their own (per-minute) when a person is to watch them.
                "--spi-nhs-campaign-sender--govuk-notify--timeout-seconds=5",
                "--spi-nhs-campaign-sender--govuk-notify--lease-seconds=20",
                "--spi-nhs-campaign-sender--govuk-notify--poll-seconds=1",
                "--spi-nhs-campaign-sender--govuk-notify--per-minute=6000",
                // Test accounts and the stand-in's PDS patients use Ofcom's drama range, which production refuses.
                "--spi-authenticator--nhs-sms-code--accept-drama-numbers=true",
                // A stand-in recovers at once: a short open circuit lets a person (or a test) see recovery quickly.
                "--spi-nhs-pds--pds-fhir--circuit-open-seconds=5",
                "--spi-nhs-service-status--default--evaluate-seconds=2",
                // As a deployment must: a request with more or longer extra parameters than Keycloak keeps is refused,
                // rather than Keycloak dropping some of them (vtr among them) without a word.
                "--spi-login-protocol--openid-connect--add-req-params-fail-fast=true");
    }

    /** What the PDS stand-in takes as the application's API key and key id; it checks the form, not the signature. */
    static final String PDS_API_KEY = "sandpit-pds-api-key";
    static final String PDS_KEY_ID = "sandpit-pds-1";

    /**
     * Signed-JWT client credentials against the stand-in's {@code /oauth2/token}, as the API platform serves it beside
     * PDS. The key pair is made for each run into the work folder, so no private key is committed.
     */
    private static List<String> pdsSignedJwtOptions(ThirdPartyStub pds, Path work) {
        Path keyFile = work.resolve("keys").resolve("pds-signing.key.pem");
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(
                            generator.generateKeyPair().getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            Files.createDirectories(keyFile.getParent());
            Files.writeString(keyFile, pem, StandardCharsets.US_ASCII);
        } catch (IOException | GeneralSecurityException e) {
            throw new SandpitException("Cannot make the sandpit's PDS signing key in " + keyFile + ": " + e.getMessage(),
                    e);
        }
        return List.of(
                "--spi-nhs-pds--pds-fhir--token-url=" + pds.baseUrl() + "/oauth2/token",
                "--spi-nhs-pds--pds-fhir--api-key=" + PDS_API_KEY,
                "--spi-nhs-pds--pds-fhir--private-key-file=" + keyFile.toAbsolutePath(),
                "--spi-nhs-pds--pds-fhir--key-id=" + PDS_KEY_ID);
    }

    private static <T extends AutoCloseable> T started(List<AutoCloseable> started, T part) {
        started.add(part);
        return part;
    }

    /** Writes each sandpit partner's private key where a person can point a client at it. */
    private static void writeClientKeys(RealmOverlay overlay, Path work) {
        try {
            Path keys = Files.createDirectories(work.resolve("keys"));
            for (String clientId : overlay.clientsWithKeys()) {
                Files.writeString(keys.resolve(clientId + ".key.pem"), RealmOverlay.keyFile(clientId + ".key.pem"),
                        StandardCharsets.US_ASCII);
            }
        } catch (IOException e) {
            throw new SandpitException("Cannot write the sandpit's partner keys to " + work + ": " + e.getMessage(), e);
        }
    }

    /** The Keycloak nodes, in start order: one, or the cluster's two behind the load balancer. */
    public List<Node> nodes() {
        List<Node> view = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            view.add(new Node("node" + (i + 1), nodes.get(i), this, i));
        }
        return view;
    }

    /** One Keycloak node, reached directly rather than through the load balancer. */
    public static final class Node {
        private final String name;
        private final KeycloakServer server;
        private final Sandpit sandpit;
        private final int index;

        Node(String name, KeycloakServer server, Sandpit sandpit, int index) {
            this.name = name;
            this.server = server;
            this.sandpit = sandpit;
            this.index = index;
        }

        public String name() {
            return name;
        }

        /** The node's own HTTP address, e.g. {@code http://127.0.0.1:8081}. */
        public URI url() {
            return server.baseUrl();
        }

        /** Its management interface: {@code /health/ready}, {@code /metrics}. */
        public URI managementUrl() {
            return server.managementUrl();
        }

        public Path log() {
            return server.log();
        }

        public boolean isAlive() {
            return server.isAlive();
        }

        /** The Java process's id (under {@code kc.sh}), for a person who wants to kill it. */
        public long pid() {
            return server.javaPid();
        }

        /** Completes when the node's process ends, whoever ended it. */
        java.util.concurrent.CompletableFuture<Process> exited() {
            return server.process().onExit();
        }

        /** Ends the node as a crash would (SIGKILL); the rest of the sandpit carries on. */
        public void kill() {
            server.kill();
        }

        /**
         * Starts a node that stopped again, as an operator brings a crashed machine back, and waits until it is ready
         * and back in the cluster. Returns the node as it now runs.
         */
        public Node restart() {
            KeycloakServer again = server.relaunch();
            sandpit.parts.add(again);
            sandpit.nodes.set(index, again);
            if (sandpit.nodes.size() > 1) {
                Cluster.awaitOneCluster(sandpit.nodes);
            }
            return sandpit.nodes().get(index);
        }
    }

    /**
     * The address citizens and partners use, e.g. {@code http://127.0.0.1:8080}: the one node, or the load balancer
     * ({@code http://localhost:8080}, every node's {@code --hostname}).
     */
    public URI keycloakUrl() {
        return publicUrl;
    }

    /** Keycloak's management interface: {@code /health/ready}, {@code /metrics}. */
    public URI managementUrl() {
        return nodes.get(0).managementUrl();
    }

    public URI realmUrl() {
        return keycloakUrl().resolve("/realms/" + REALM);
    }

    public URI discoveryUrl() {
        return keycloakUrl().resolve("/realms/" + REALM + "/.well-known/openid-configuration");
    }

    public URI accountConsoleUrl() {
        return keycloakUrl().resolve("/realms/" + REALM + "/account/");
    }

    public URI adminConsoleUrl() {
        return keycloakUrl().resolve("/admin/master/console/#/" + REALM);
    }

    public String adminUsername() {
        return KeycloakServer.ADMIN_USERNAME;
    }

    public String adminPassword() {
        return KeycloakServer.ADMIN_PASSWORD;
    }

    public ThirdPartyStub pds() {
        return pds;
    }

    public ThirdPartyStub govukNotify() {
        return notify;
    }

    public SmtpSink mail() {
        return mail;
    }

    public List<SandpitAccount> accounts() {
        return accounts;
    }

    /** The sandpit's PEM private key for a partner client, e.g. {@code example-gp-services}. */
    public String clientPrivateKeyPem(String clientId) {
        return RealmOverlay.keyFile(clientId + ".key.pem");
    }

    /** Where the sandpit writes Keycloak's output and the partner keys. */
    public Path work() {
        return work;
    }

    public Path keycloakLog() {
        return nodes.get(0).log();
    }

    /** CPU time Keycloak has used since it started, as the operating system counts it. */
    public java.time.Duration keycloakCpuTime() {
        return nodes.stream().map(KeycloakServer::cpuTime).reduce(java.time.Duration.ZERO, java.time.Duration::plus);
    }

    /** Stops Keycloak first, then the stand-ins and the mail sink. */
    @Override
    public void close() {
        closeAll(parts);
    }

    private static void closeAll(List<AutoCloseable> parts) {
        List<AutoCloseable> reversed = new ArrayList<>(parts);
        Collections.reverse(reversed);
        for (AutoCloseable part : reversed) {
            try {
                part.close();
            } catch (Exception e) {
                System.err.println("Could not stop " + part + ": " + e.getMessage());
            }
        }
        parts.clear();
    }
}
