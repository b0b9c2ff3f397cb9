package org.nhsloginkeycloak.realm.upgrade;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.util.JsonSerialization;

/**
 * {@code /admin/realms/{realm}/nhs-realm-upgrade}: brings the realm's flows, client scopes and mappers, client
 * policies, required actions and user profile to this version's realm file ({@link RealmUpgrade}). Both need
 * manage-realm.
 * <ul>
 *   <li>{@code GET} — a dry run: what an upgrade would change, worked out by making the changes in this request's
 *       transaction and rolling it back, so the preview is exactly what {@code POST} does</li>
 *   <li>{@code POST} — the upgrade, in one transaction: all of it or, on a conflict (409 with the reason), none of it;
 *       an admin event ({@code CUSTOM}, {@code UPDATE}, path {@code nhs-realm-upgrade})</li>
 * </ul>
 */
public final class RealmUpgradeResource {

    private static final Logger LOG = Logger.getLogger(RealmUpgradeResource.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    RealmUpgradeResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
            AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(ResourceType.CUSTOM);
    }

    @GET
    @Path("")
    @Produces(MediaType.APPLICATION_JSON)
    public Response preview() {
        auth.realm().requireManageRealm();
        try {
            return report(upgrade(), false);
        } catch (UpgradeConflict e) {
            return conflict(e);
        } finally {
            session.getTransactionManager().setRollbackOnly();
        }
    }

    @POST
    @Path("")
    @Produces(MediaType.APPLICATION_JSON)
    public Response apply() {
        auth.realm().requireManageRealm();
        List<Change> changes;
        try {
            changes = upgrade();
        } catch (UpgradeConflict e) {
            session.getTransactionManager().setRollbackOnly();
            LOG.warnf("Realm %s was not upgraded to nhs-login-keycloak %s: %s", realm.getName(), version(),
                    e.getMessage());
            return conflict(e);
        }
        LOG.infof("Realm %s upgraded to nhs-login-keycloak %s: %d changes", realm.getName(), version(), changes.size());
        adminEvent.operation(OperationType.UPDATE).resourcePath(RealmUpgradeResourceFactory.PROVIDER_ID)
                .representation(changes).detail("version", version()).detail("changes", String.valueOf(changes.size()))
                .success();
        return report(changes, true);
    }

    private List<Change> upgrade() {
        return new RealmUpgrade(session, realm, BundledRealm.load()).run();
    }

    private Response report(List<Change> changes, boolean applied) {
        ObjectNode body = JsonSerialization.mapper.createObjectNode().put("realm", realm.getName())
                .put("version", version()).put("applied", applied);
        ArrayNode list = body.putArray("changes");
        changes.forEach(change -> list.add(JsonSerialization.mapper.valueToTree(change)));
        return Response.ok(body.toString(), MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static Response conflict(UpgradeConflict e) {
        return Response.status(Response.Status.CONFLICT).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(JsonSerialization.mapper.createObjectNode().put("error", "conflict")
                        .put("error_description", e.getMessage()).toString())
                .build();
    }

    /** The bundle's version, from its manifest. */
    static String version() {
        String version = RealmUpgradeResource.class.getPackage().getImplementationVersion();
        return version == null ? "unknown" : version;
    }
}
