package org.nhsloginkeycloak.mappers;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.Urls;
import org.keycloak.services.resource.RealmResourceProvider;
import org.nhsloginkeycloak.core.CredentialProfile;
import org.nhsloginkeycloak.core.ProofingLevel;

/**
 * The trustmark: which proofing levels and credential components this identity provider can assert, in the shape of
 * the Interface Specification's example (5.1.5): {@code idp}, {@code trustmark_provider}, {@code P}, {@code C}. Only a
 * realm that releases {@code vot} has one. Public and with an explicit empty {@code @Path}, as Keycloak's own realm
 * resources are: without them Keycloak's REST layer answered 405.
 */
public final class TrustmarkResource implements RealmResourceProvider {

    private final KeycloakSession session;

    TrustmarkResource(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public Object getResource() {
        return this;
    }

    @GET
    @Path("")
    @Produces(MediaType.APPLICATION_JSON)
    public Response trustmark() {
        RealmModel realm = session.getContext().getRealm();
        if (!releasesVot(realm)) {
            throw new NotFoundException();
        }
        String issuer = Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName());
        Map<String, Object> trustmark = new LinkedHashMap<>();
        trustmark.put("idp", issuer);
        trustmark.put("trustmark_provider", issuer);
        trustmark.put("P", Arrays.stream(ProofingLevel.values()).map(Enum::name).toList());
        trustmark.put("C", CredentialProfile.COMPONENTS);
        CacheControl cache = new CacheControl();
        cache.setMaxAge(3600);
        return Response.ok(trustmark).cacheControl(cache).build();
    }

    private static boolean releasesVot(RealmModel realm) {
        return realm.getClientScopesStream().flatMap(ClientScopeModel::getProtocolMappersStream)
                .anyMatch(mapper -> VectorOfTrustMapper.PROVIDER_ID.equals(mapper.getProtocolMapper()));
    }

    @Override
    public void close() {
    }
}
