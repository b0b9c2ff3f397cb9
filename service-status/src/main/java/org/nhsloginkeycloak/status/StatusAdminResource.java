package org.nhsloginkeycloak.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/nhs-service-status}: the realm's state for operators (view-realm), and the operator's
 * message and settings (manage-realm). Every change is an admin event (resource type {@code CUSTOM}, its path under
 * {@code nhs-service-status}); a malformed body is a 400 saying what is wrong.
 * <ul>
 *   <li>{@code GET} — state, reasons, what the nodes measured together, the settings in force</li>
 *   <li>{@code PUT /message} — {@code {"en", "cy", "severity": "info"|"warning", "expires"}}; {@code DELETE /message}</li>
 *   <li>{@code PUT /settings} — any of {@link StatusSettings#OPTIONS}, e.g. {@code {"capacity-per-minute": 600}};
 *       {@code DELETE /settings} — back to the server's defaults</li>
 * </ul>
 */
public final class StatusAdminResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    StatusAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
            AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(ResourceType.CUSTOM);
    }

    private ServiceStatus status() {
        return session.getProvider(ServiceStatus.class);
    }

    @GET
    @Path("")
    @Produces(MediaType.APPLICATION_JSON)
    public Response state() {
        auth.realm().requireViewRealm();
        return Response.ok(StatusJson.forAdmins(status().assess(realm), status().settings(realm)).toString(),
                MediaType.APPLICATION_JSON_TYPE).build();
    }

    @PUT
    @Path("message")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response setMessage(String body) {
        auth.realm().requireManageRealm();
        OperatorMessage message;
        try {
            message = OperatorMessage.parse(body, Instant.now());
        } catch (IllegalArgumentException e) {
            return badRequest(e.getMessage());
        }
        status().setMessage(realm, message);
        adminEvent.operation(OperationType.UPDATE).resourcePath(DefaultServiceStatusFactory.EVENT_PATH, "message")
                .representation(JSON.valueToTree(Map.of("en", message.english(), "cy", message.welsh(),
                        "severity", message.severity().id(), "expires", message.expires().toString())))
                .detail("severity", message.severity().id()).detail("expires", message.expires().toString())
                .success();
        return state();
    }

    @DELETE
    @Path("message")
    public Response clearMessage() {
        auth.realm().requireManageRealm();
        status().clearMessage(realm);
        adminEvent.operation(OperationType.DELETE).resourcePath(DefaultServiceStatusFactory.EVENT_PATH, "message")
                .success();
        return Response.noContent().build();
    }

    @PUT
    @Path("settings")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response updateSettings(String body) {
        auth.realm().requireManageRealm();
        Map<String, String> values = new LinkedHashMap<>();
        try {
            JsonNode json = JSON.readTree(body == null ? "" : body);
            if (json == null || !json.isObject()) {
                return badRequest("The body must be a JSON object of settings, e.g. {\"capacity-per-minute\": 600}");
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = json.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!field.getValue().isValueNode() || field.getValue().isNull()) {
                    return badRequest(field.getKey() + " must be a number or true/false");
                }
                values.put(field.getKey(), field.getValue().asText());
            }
        } catch (Exception e) {
            return badRequest("The body is not JSON");
        }
        String problem = StatusSettings.problem(values);
        if (problem != null) {
            return badRequest(problem);
        }
        status().updateSettings(realm, values);
        adminEvent.operation(OperationType.UPDATE).resourcePath(DefaultServiceStatusFactory.EVENT_PATH, "settings")
                .representation(values);
        values.forEach(adminEvent::detail);
        adminEvent.success();
        return state();
    }

    /** Back to the server's defaults. */
    @DELETE
    @Path("settings")
    public Response resetSettings() {
        auth.realm().requireManageRealm();
        status().resetSettings(realm);
        adminEvent.operation(OperationType.DELETE).resourcePath(DefaultServiceStatusFactory.EVENT_PATH, "settings")
                .success();
        return Response.noContent().build();
    }

    private static Response badRequest(String reason) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(JSON.createObjectNode().put("error", "invalid_request").put("error_description", reason)
                        .toString())
                .build();
    }
}
