package org.nhsloginkeycloak.campaigns;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The two links in a campaign's email, both on the realm and both carrying only the recipient's opaque reference:
 * {@code /realms/{realm}/nhs-campaign/{reference}} starts the uplift, {@code .../{reference}/unsubscribe} opts out
 * (GET shows the page, an empty POST is RFC 8058's one click).
 */
final class CampaignLinks {

    static final String PATH = "nhs-campaign";

    private CampaignLinks() {
    }

    static URI click(String base, String realm, String reference) {
        return URI.create(realmBase(base, realm) + PATH + "/" + reference);
    }

    static URI unsubscribe(String base, String realm, String reference) {
        return URI.create(realmBase(base, realm) + PATH + "/" + reference + "/unsubscribe");
    }

    private static String realmBase(String base, String realm) {
        String root = base.endsWith("/") ? base : base + "/";
        return root + "realms/" + URLEncoder.encode(realm, StandardCharsets.UTF_8).replace("+", "%20") + "/";
    }
}
