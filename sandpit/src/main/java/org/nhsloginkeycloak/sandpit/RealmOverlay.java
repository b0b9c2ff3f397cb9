package org.nhsloginkeycloak.sandpit;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Lays the sandpit's own accounts, partner key and mail settings over the deployable realm file, which holds none of
 * them. The result is what the sandpit's Keycloak imports; the deployable file itself is never changed.
 */
final class RealmOverlay {

    static final String REALM = "nhs";
    private static final String OVERLAY = "/sandpit/overlay.json";
    private static final String KEYS = "/sandpit/keys/";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode overlay;

    private RealmOverlay(ObjectNode overlay) {
        this.overlay = overlay;
    }

    static RealmOverlay load() {
        try (InputStream in = RealmOverlay.class.getResourceAsStream(OVERLAY)) {
            return new RealmOverlay((ObjectNode) JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("The sandpit's own " + OVERLAY + " cannot be read", e);
        }
    }

    /** The realm file at {@code realmFile} with the overlay applied and outgoing mail sent to {@code smtpPort}. */
    ObjectNode applyTo(Path realmFile, int smtpPort) {
        ObjectNode realm = readRealm(realmFile);
        ArrayNode users = realm.withArrayProperty("users");
        overlay.withArrayProperty("users").forEach(user -> users.add(user.deepCopy()));
        for (JsonNode change : overlay.withArrayProperty("clients")) {
            ObjectNode client = findClient(realm, change.path("clientId").asText(), realmFile);
            change.path("redirectUris").forEach(uri -> client.withArrayProperty("redirectUris").add(uri.asText()));
            installSandpitCertificate(client);
        }
        for (JsonNode change : overlay.withArrayProperty("authenticatorConfig")) {
            ObjectNode config = findByAlias(realm, change.path("alias").asText(), realmFile);
            change.path("config").properties().forEach(entry -> config.withObjectProperty("config")
                    .put(entry.getKey(), entry.getValue().asText()));
        }
        ObjectNode smtp = realm.putObject("smtpServer");
        smtp.put("host", Ports.LOOPBACK);
        smtp.put("port", Integer.toString(smtpPort));
        smtp.put("from", "no-reply@sandpit.example");
        smtp.put("fromDisplayName", "NHS login sandpit");
        return realm;
    }

    /** The sandpit's accounts, to print: username, password and proofing level. */
    List<SandpitAccount> accounts() {
        List<SandpitAccount> accounts = new ArrayList<>();
        for (JsonNode user : overlay.withArrayProperty("users")) {
            accounts.add(new SandpitAccount(
                    user.path("username").asText(),
                    user.path("credentials").path(0).path("value").asText(),
                    user.path("attributes").path("identity_proofing_level").path(0).asText("P0"),
                    (user.path("firstName").asText("") + " " + user.path("lastName").asText("")).trim()));
        }
        return accounts;
    }

    /** Client ids the overlay gives a sandpit key pair to. */
    List<String> clientsWithKeys() {
        List<String> clients = new ArrayList<>();
        overlay.withArrayProperty("clients").forEach(client -> clients.add(client.path("clientId").asText()));
        return clients;
    }

    /** The PEM text of a sandpit key file, e.g. {@code example-gp-services.key.pem}. */
    static String keyFile(String name) {
        try (InputStream in = RealmOverlay.class.getResourceAsStream(KEYS + name)) {
            if (in == null) {
                throw new IllegalStateException("The sandpit has no key file " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void installSandpitCertificate(ObjectNode client) {
        String pem = keyFile(client.path("clientId").asText() + ".cert.pem");
        String base64Der = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        ObjectNode attributes = client.withObjectProperty("attributes");
        // Keycloak reads the key from this certificate instead of the partner's JWKS URL.
        attributes.put("use.jwks.url", "false");
        attributes.put("jwt.credential.certificate", base64Der);
    }

    private static ObjectNode readRealm(Path realmFile) {
        JsonNode realm;
        try {
            realm = JSON.readTree(realmFile.toFile());
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new SandpitException("The realm file " + realmFile + " is not valid JSON" + where + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse(""), e);
        } catch (IOException e) {
            throw new SandpitException("The realm file " + realmFile + " cannot be read: " + e.getMessage(), e);
        }
        if (!(realm instanceof ObjectNode object) || !REALM.equals(realm.path("realm").asText())) {
            throw new SandpitException("The realm file " + realmFile + " is not a realm export for the realm \""
                    + REALM + "\" (its top level needs \"realm\": \"" + REALM + "\").");
        }
        return object;
    }

    private static ObjectNode findByAlias(ObjectNode realm, String alias, Path realmFile) {
        for (JsonNode config : realm.withArrayProperty("authenticatorConfig")) {
            if (alias.equals(config.path("alias").asText())) {
                return (ObjectNode) config;
            }
        }
        throw new SandpitException("The realm file " + realmFile + " has no authenticator config \"" + alias
                + "\", which the sandpit adjusts.");
    }

    private static ObjectNode findClient(ObjectNode realm, String clientId, Path realmFile) {
        for (JsonNode client : realm.withArrayProperty("clients")) {
            if (clientId.equals(client.path("clientId").asText())) {
                return (ObjectNode) client;
            }
        }
        throw new SandpitException("The realm file " + realmFile + " has no client \"" + clientId
                + "\", which the sandpit gives its partner key to.");
    }
}
