package org.nhsloginkeycloak.campaigns;

import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;
import org.nhsloginkeycloak.core.ProofingLevel;
import org.nhsloginkeycloak.core.UserAttributes;

/**
 * Realm resource {@value CampaignLinks#PATH}: where a campaign email's links land.
 * <ul>
 *   <li>{@code GET /{reference}} records the click (once per recipient; a reference nobody was sent is not counted)
 *       and sends the citizen into an ordinary sign-in through the realm's {@value #CLIENT_ID} client, with
 *       {@code kc_action=nhs-p5-uplift}: password and security code, then the uplift. The link signs nobody in.</li>
 *   <li>{@code GET /services} is where that sign-in returns: the partner services the citizen can now use.</li>
 *   <li>{@code GET /{reference}/unsubscribe} asks for confirmation; {@code POST} there (RFC 8058's one click, or the
 *       page's button) opts the citizen out of every later campaign.</li>
 * </ul>
 */
public final class CampaignLinkResourceFactory implements RealmResourceProviderFactory {

    /** The realm client the links sign in through, made when a campaign starts. */
    public static final String CLIENT_ID = "nhs-campaign";
    static final String UPLIFT_ACTION = "nhs-p5-uplift";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new CampaignLinkResource(session);
    }

    /**
     * The realm's landing client: public, code flow only, PKCE required, returning only to {@code /services}. Tokens
     * are never asked for: the services page reads the citizen's Keycloak session, and the code it is given can never
     * be redeemed (its PKCE verifier is thrown away).
     */
    static ClientModel landingClient(RealmModel realm) {
        ClientModel client = realm.getClientByClientId(CLIENT_ID);
        if (client != null) {
            return client;
        }
        client = realm.addClient(CLIENT_ID);
        client.setName("NHS login campaigns");
        client.setDescription("Where a campaign email's link signs a citizen in and on to the P5 uplift. Made by the"
                + " campaigns module; it never receives tokens.");
        client.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        client.setPublicClient(true);
        client.setStandardFlowEnabled(true);
        client.setImplicitFlowEnabled(false);
        client.setDirectAccessGrantsEnabled(false);
        client.setServiceAccountsEnabled(false);
        client.setFullScopeAllowed(false);
        client.setConsentRequired(false);
        client.setRootUrl("${authBaseUrl}");
        client.setRedirectUris(Set.of(servicesPath(realm)));
        client.setAttribute("pkce.code.challenge.method", "S256");
        // Signed in with password and code (P0.Cp.Cd); the uplift to P5 comes by kc_action.
        client.setAttribute("nhs.vtr", "[\"P0.Cp.Cd\",\"P5.Cp.Cd\"]");
        client.setAttribute("nhs.vtr.default", "[\"P0.Cp.Cd\"]");
        return client;
    }

    private static String servicesPath(RealmModel realm) {
        return "/realms/" + encode(realm.getName()) + "/" + CampaignLinks.PATH + "/services";
    }

    /** Public, with an explicit empty {@code @Path}, as Keycloak's REST layer needs for a realm resource. */
    public static final class CampaignLinkResource implements RealmResourceProvider {

        private final KeycloakSession session;

        CampaignLinkResource(KeycloakSession session) {
            this.session = session;
        }

        @Override
        public Object getResource() {
            return this;
        }

        @GET
        @Path("services")
        @Produces(MediaType.TEXT_HTML)
        public Response services(@QueryParam("state") String state, @QueryParam("kc_action_status") String status) {
            RealmModel realm = session.getContext().getRealm();
            AuthenticationManager.AuthResult signedIn = AuthenticationManager.authenticateIdentityCookie(session, realm,
                    true);
            UserModel user = signedIn == null ? null : signedIn.getUser();
            String level = user == null ? null : user.getFirstAttribute(UserAttributes.IDENTITY_PROOFING_LEVEL);
            boolean proved = ProofingLevel.P5.name().equals(level) || ProofingLevel.P9.name().equals(level);
            List<PartnerService> services = PartnerService.usableAt(realm, ProofingLevel.P5);
            String language = session.getContext().resolveLocale(user).getLanguage();
            URI again = isReference(state) ? CampaignLinks.click(base(), realm.getName(), state) : null;
            return forms()
                    .setAttribute("nhsSignedIn", user != null)
                    .setAttribute("nhsProved", proved)
                    .setAttribute("nhsServices", services.stream().map(service -> new ServiceView(service, language))
                            .toList())
                    .setAttribute("nhsTryAgain", proved || again == null ? null : again.toString())
                    .createForm("nhs-campaign-services.ftl");
        }

        @GET
        @Path("{reference}")
        public Response follow(@PathParam("reference") String reference) {
            RealmModel realm = session.getContext().getRealm();
            if (isReference(reference)) {
                recipients().createNativeQuery("update NHS_CAMPAIGN_RECIPIENT set CLICKED_AT = :now"
                                + " where REFERENCE = :reference and CLICKED_AT is null and CAMPAIGN_ID in"
                                + " (select ID from NHS_CAMPAIGN where REALM_ID = :realm)")
                        .setParameter("now", System.currentTimeMillis()).setParameter("reference", reference)
                        .setParameter("realm", realm.getId()).executeUpdate();
            }
            // The client is made when a campaign starts, never here: an anonymous GET must not recreate a client an
            // administrator removed.
            String base = base();
            URI authorize = URI.create(base + "realms/" + encode(realm.getName()) + "/protocol/openid-connect/auth"
                    + "?client_id=" + CLIENT_ID + "&response_type=code&scope=openid"
                    + "&redirect_uri=" + encode(base + servicesPath(realm).substring(1))
                    + "&kc_action=" + UPLIFT_ACTION + "&code_challenge=" + challenge() + "&code_challenge_method=S256"
                    + "&state=" + (isReference(reference) ? reference : UUID.randomUUID().toString())
                    + "&nonce=" + UUID.randomUUID());
            return Response.seeOther(authorize).header("Referrer-Policy", "no-referrer").build();
        }

        @GET
        @Path("{reference}/unsubscribe")
        @Produces(MediaType.TEXT_HTML)
        public Response confirmUnsubscribe(@PathParam("reference") String reference) {
            // A GET never unsubscribes: mail scanners follow links (RFC 8058 section 3).
            return forms().setAttribute("nhsUnsubscribed", false)
                    .setAttribute("nhsUnsubscribeAction", CampaignLinks.unsubscribe(base(),
                            session.getContext().getRealm().getName(), isReference(reference) ? reference
                                    : UUID.randomUUID().toString()).toString())
                    .createForm("nhs-campaign-unsubscribe.ftl");
        }

        /**
         * RFC 8058's one click ({@code List-Unsubscribe=One-Click} as the body) or the page's button. The same answer
         * for a reference nobody was sent, so the page tells nothing about who was emailed.
         */
        @POST
        @Path("{reference}/unsubscribe")
        @Produces(MediaType.TEXT_HTML)
        public Response unsubscribe(@PathParam("reference") String reference) {
            RealmModel realm = session.getContext().getRealm();
            if (isReference(reference)) {
                EntityManager em = recipients();
                @SuppressWarnings("unchecked")
                List<Object[]> found = em.createNativeQuery("select r.CAMPAIGN_ID, r.USER_ID from NHS_CAMPAIGN_RECIPIENT r"
                                + " join NHS_CAMPAIGN c on c.ID = r.CAMPAIGN_ID where r.REFERENCE = :reference"
                                + " and c.REALM_ID = :realm").setParameter("reference", reference)
                        .setParameter("realm", realm.getId()).getResultList();
                for (Object[] recipient : found) {
                    long now = System.currentTimeMillis();
                    new CampaignContacts(session).optOut(realm.getId(), (String) recipient[1], now);
                    em.createNativeQuery("update NHS_CAMPAIGN_RECIPIENT set UNSUBSCRIBED_AT = :now"
                                    + " where CAMPAIGN_ID = :c and USER_ID = :u and UNSUBSCRIBED_AT is null")
                            .setParameter("now", now).setParameter("c", recipient[0]).setParameter("u", recipient[1])
                            .executeUpdate();
                }
            }
            return forms().setAttribute("nhsUnsubscribed", true)
                    .createForm("nhs-campaign-unsubscribe.ftl");
        }

        private LoginFormsProvider forms() {
            return session.getProvider(LoginFormsProvider.class);
        }

        private EntityManager recipients() {
            return session.getProvider(JpaConnectionProvider.class).getEntityManager();
        }

        /** Keycloak's base URL as this request reached it, ending in a slash. */
        private String base() {
            return session.getContext().getUri().getBaseUri().toString();
        }

        @Override
        public void close() {
        }
    }

    /** A partner service as the services page shows it, in the citizen's language (getters, for FreeMarker). */
    public static final class ServiceView {
        private final String name;
        private final String description;
        private final String url;

        ServiceView(PartnerService service, String language) {
            this.name = service.name(language);
            this.description = service.description(language);
            this.url = service.url();
        }

        public String getName() {
            return name;
        }

        public String getDescription() {
            return description;
        }

        public String getUrl() {
            return url;
        }
    }

    /** Only our own references (UUIDs) are looked up or echoed. */
    static boolean isReference(String value) {
        try {
            return value != null && UUID.fromString(value).toString().equals(value);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** An S256 challenge whose verifier nobody keeps: the code it guards can never be redeemed. */
    private static String challenge() {
        byte[] verifier = new byte[32];
        RANDOM.nextBytes(verifier);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(verifier).getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java", e);
        }
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return CampaignLinks.PATH;
    }
}
