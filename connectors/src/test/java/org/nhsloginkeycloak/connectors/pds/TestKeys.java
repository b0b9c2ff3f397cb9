package org.nhsloginkeycloak.connectors.pds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/** A throwaway RSA key pair made for the test run, its private half as a PEM file, and JWTs read back with it. */
final class TestKeys {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A JWT whose RS512 signature checked out. */
    record Jwt(JsonNode header, JsonNode claims) {
    }

    private TestKeys() {
    }

    static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The private key as {@code openssl pkcs8 -topk8 -nocrypt} writes it. */
    static Path pkcs8Pem(KeyPair keys, Path dir) {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        return write(dir.resolve("pds-key.pem"), pem);
    }

    static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a compact JWT, failing unless its RS512 signature verifies with {@code publicKey}. */
    static Jwt verified(String jwt, PublicKey publicKey) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw new AssertionError("Not a compact JWS: " + parts.length + " parts");
        }
        try {
            Signature rs512 = Signature.getInstance("SHA512withRSA");
            rs512.initVerify(publicKey);
            rs512.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rs512.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                throw new AssertionError("The RS512 signature does not verify with the public key");
            }
            return new Jwt(JSON.readTree(Base64.getUrlDecoder().decode(parts[0])),
                    JSON.readTree(Base64.getUrlDecoder().decode(parts[1])));
        } catch (GeneralSecurityException | IOException e) {
            throw new AssertionError(e);
        }
    }
}
