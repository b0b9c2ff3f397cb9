package org.nhsloginkeycloak.campaigns;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/nhs-campaigns}: the realm's campaigns, read with view-realm, changed with manage-realm.
 * Every change is an admin event (resource type {@code CUSTOM}, path {@code nhs-campaigns/{id}}); a malformed body is
 * a 400 saying what is wrong.
 * <ul>
 *   <li>{@code GET} — every campaign; {@code GET /{id}} — one</li>
 *   <li>{@code POST} — a new draft, see {@link CampaignRequest}; 409 when the realm has one of that name</li>
 *   <li>{@code GET /{id}/audience} — the dry run: how many citizens it would email now, nothing sent or kept</li>
 *   <li>{@code DELETE /{id}} — a draft only; 409 once it has started</li>
 * </ul>
 */
public final class CampaignAdminResource {

    static final String EVENT_PATH = CampaignAdminResourceFactory.PROVIDER_ID;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;
    private final Campaigns campaigns;

    CampaignAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
            AdminEventBuilder adminEvent) {
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(ResourceType.CUSTOM);
        this.campaigns = new Campaigns(session, realm);
    }

    @GET
    @Path("")
    @Produces(MediaType.APPLICATION_JSON)
    public Response list() {
        auth.realm().requireViewRealm();
        ArrayNode all = JSON.createArrayNode();
        campaigns.all().forEach(campaign -> all.add(representation(campaign)));
        return json(Response.ok(), all.toString());
    }

    @POST
    @Path("")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(String body, @Context UriInfo uri) {
        auth.realm().requireManageRealm();
        CampaignRequest request;
        try {
            request = CampaignRequest.parse(body);
        } catch (IllegalArgumentException e) {
            return error(Response.Status.BAD_REQUEST, e.getMessage());
        }
        if (campaigns.nameTaken(request.name())) {
            return error(Response.Status.CONFLICT, "The realm already has a campaign called \"" + request.name()
                    + "\"; choose another name");
        }
        String by = auth.adminAuth().getUser().getUsername();
        CampaignEntity campaign = campaigns.create(request, by, Instant.now().toEpochMilli());
        ObjectNode representation = representation(campaign);
        adminEvent.operation(OperationType.CREATE).resourcePath(EVENT_PATH, campaign.getId())
                .representation(representation).detail("name", campaign.getName()).success();
        return json(Response.created(uri.getAbsolutePathBuilder().path(campaign.getId()).build()),
                representation.toString());
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response one(@PathParam("id") String id) {
        auth.realm().requireViewRealm();
        return campaigns.find(id).map(campaign -> json(Response.ok(), representation(campaign).toString()))
                .orElseGet(() -> notFound(id));
    }

    @GET
    @Path("{id}/audience")
    @Produces(MediaType.APPLICATION_JSON)
    public Response audience(@PathParam("id") String id) {
        auth.realm().requireViewRealm();
        return campaigns.find(id).map(campaign -> json(Response.ok(), JSON.createObjectNode()
                        .put("eligible", campaigns.count(Campaigns.audienceOf(campaign)))
                        .put("counted-at", Instant.now().toString()).toString()))
                .orElseGet(() -> notFound(id));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        auth.realm().requireManageRealm();
        CampaignEntity campaign = campaigns.find(id).orElse(null);
        if (campaign == null) {
            return notFound(id);
        }
        if (campaign.getState() != CampaignState.DRAFT) {
            return error(Response.Status.CONFLICT, "Only a draft can be deleted; this campaign is "
                    + campaign.getState().id() + " (cancel it instead)");
        }
        campaigns.delete(campaign);
        adminEvent.operation(OperationType.DELETE).resourcePath(EVENT_PATH, id).detail("name", campaign.getName())
                .success();
        return Response.noContent().build();
    }

    static ObjectNode representation(CampaignEntity campaign) {
        ObjectNode json = JSON.createObjectNode().put("id", campaign.getId()).put("name", campaign.getName())
                .put("state", campaign.getState().id());
        json.putObject("templates").put("en", campaign.getEnglishTemplate()).put("cy", campaign.getWelshTemplate());
        ObjectNode audience = json.putObject("audience");
        if (campaign.getRegisteredBefore() != null) {
            audience.put("registered-before", campaign.getRegisteredBefore());
        }
        if (campaign.getAudienceLocale() != null) {
            audience.put("locale", campaign.getAudienceLocale());
        }
        json.put("created", Instant.ofEpochMilli(campaign.getCreatedAt()).toString())
                .put("created-by", campaign.getCreatedBy());
        return json;
    }

    private Response notFound(String id) {
        return error(Response.Status.NOT_FOUND, "The realm " + realm.getName() + " has no campaign " + id);
    }

    private static Response json(Response.ResponseBuilder response, String body) {
        return response.type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    private static Response error(Response.Status status, String reason) {
        return json(Response.status(status), JSON.createObjectNode()
                .put("error", status == Response.Status.BAD_REQUEST ? "invalid_request" : status.name().toLowerCase())
                .put("error_description", reason).toString());
    }
}
