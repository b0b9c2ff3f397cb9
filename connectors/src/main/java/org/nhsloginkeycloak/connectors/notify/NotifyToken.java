package org.nhsloginkeycloak.connectors.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** GOV.UK Notify's bearer token, for every call this bundle makes to Notify (texts, campaign emails). */
public final class NotifyToken {

    private static final ObjectMapper JSON = new ObjectMapper();

    private NotifyToken() {
    }

    /**
     * A JWT signed HS256 with the key's secret, {@code iss} the service id and {@code iat} now (Notify refuses one more
     * than 30 s old, so one per call). The key is {@code {name}-{service id}-{secret}}.
     */
    public static String of(String apiKey, Instant now) {
        String serviceId = apiKey.substring(apiKey.length() - 73, apiKey.length() - 37);
        String secret = apiKey.substring(apiKey.length() - 36);
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString("{\"typ\":\"JWT\",\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8));
        ObjectNode claims = JSON.createObjectNode().put("iss", serviceId).put("iat", now.getEpochSecond());
        String payload = base64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] signature = mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + base64.encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every Java has HmacSHA256", e);
        }
    }
}
