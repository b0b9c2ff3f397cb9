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
import java.util.List;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.nhsloginkeycloak.core.ProofingLevel;

/**
 * {@code /admin/realms/{realm}/nhs-campaigns}: the realm's campaigns, read with view-realm, changed with manage-realm.
 * Every change is an admin event (resource type {@code CUSTOM}, path {@code nhs-campaigns/{id}}, or
 * {@code nhs-campaigns/{id}/start} and the like for a move); a malformed body is a 400 saying what is wrong.
 * <ul>
 *   <li>{@code GET} — every campaign; {@code GET /{id}} — one</li>
 *   <li>{@code POST} — a new draft, see {@link CampaignRequest}; 409 when the realm has one of that name</li>
 *   <li>{@code GET /{id}/audience} — the dry run: how many citizens it would email now, nothing sent or kept</li>
 *   <li>{@code GET /{id}/preview} — the template and personalisation of its email in each language</li>
 *   <li>{@code POST /{id}/start} — 202: the campaign running, its recipients snapshot being taken by the runner
 *       ({@code snapshot.complete} says when it is; nothing is sent before); 409 while another campaign that could
 *       email the same citizens runs or is paused</li>
 *   <li>{@code POST /{id}/pause}, {@code /resume}, {@code /cancel} — 409 when the campaign is not in a state to</li>
 *   <li>{@code DELETE /{id}} — a draft only; 409 once it has started</li>
 * </ul>
 */
public final class CampaignAdminResource {

    static final String EVENT_PATH = CampaignAdminResourceFactory.PROVIDER_ID;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;
    private final Campaigns campaigns;

    CampaignAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
            AdminEventBuilder adminEvent) {
        this.session = session;
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
        // Locked as a start locks them, so a name is checked and taken one create at a time (a realm's very first
        // campaign has no row to lock: two creates of it under one name at once meet the unique constraint instead).
        campaigns.lockAll();
        if (campaigns.nameTaken(request.name())) {
            return nameTaken(request.name());
        }
        String by = auth.adminAuth().getUser().getUsername();
        CampaignEntity campaign;
        try {
            campaign = campaigns.create(request, by, Instant.now().toEpochMilli());
        } catch (org.keycloak.models.ModelDuplicateException | jakarta.persistence.PersistenceException e) {
            // The id is a new UUID: a constraint this insert breaks is the realm's unique campaign names. (Keycloak's
            // entity manager turns the database's refusal into a ModelDuplicateException.)
            if (!(e instanceof org.keycloak.models.ModelDuplicateException) && !integrityConstraint(e)) {
                throw e;
            }
            session.getTransactionManager().setRollbackOnly();
            return nameTaken(request.name());
        }
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
        return campaigns.find(id).map(campaign -> {
            ObjectNode json = representation(campaign);
            if (campaign.getStartedAt() != null) {
                java.util.Map<RecipientStatus, Long> counts = campaigns.recipients(campaign);
                ObjectNode progress = json.putObject("progress");
                CampaignProgress.write(counts, progress);
                // Unsubscribed through this campaign's email (those who had opted out before are skipped: opted-out).
                progress.put("unsubscribed", CampaignFunnel.of(session, campaign).unsubscribed());
                int perMinute = perMinute(campaign);
                progress.put("per-minute", perMinute);
                if (campaign.getState() == CampaignState.RUNNING || campaign.getState() == CampaignState.PAUSED) {
                    progress.put("time-left", CampaignProgress.timeLeft(counts.getOrDefault(RecipientStatus.QUEUED, 0L)
                            + counts.getOrDefault(RecipientStatus.SENDING, 0L), perMinute));
                }
            }
            return json(Response.ok(), json.toString());
        }).orElseGet(() -> notFound(id));
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

    /**
     * What the email would say in each language: the Notify template and the personalisation the realm gives it now
     * (the partner services a citizen can use once at P5, from the clients' {@code nhs.service.*} attributes). The
     * same for every recipient: nothing about the citizen goes in but their own link.
     */
    @GET
    @Path("{id}/preview")
    @Produces(MediaType.APPLICATION_JSON)
    public Response preview(@PathParam("id") String id) {
        auth.realm().requireViewRealm();
        return campaigns.find(id).map(campaign -> {
            List<PartnerService> services = PartnerService.usableAt(realm, ProofingLevel.P5);
            ObjectNode preview = JSON.createObjectNode();
            for (String language : List.of("en", "cy")) {
                ObjectNode email = preview.putObject(language);
                email.put("template", language.equals("cy") ? campaign.getWelshTemplate() : campaign.getEnglishTemplate());
                email.putObject("personalisation").put("services", PartnerService.bulletList(services, language));
            }
            ArrayNode names = preview.putArray("services");
            services.forEach(service -> names.add(service.name()));
            return json(Response.ok(), preview.toString());
        }).orElseGet(() -> notFound(id));
    }

    /**
     * The funnel: emailed, clicked, signed in, uplift started, reached P5, and unsubscribed. JSON by default; with
     * {@code Accept: image/svg+xml} the chart, with {@code Accept: text/html} a page with the chart and a table.
     */
    @GET
    @Path("{id}/funnel")
    @Produces({MediaType.APPLICATION_JSON, "image/svg+xml", MediaType.TEXT_HTML})
    public Response funnel(@PathParam("id") String id, @jakarta.ws.rs.HeaderParam("Accept") String accept) {
        auth.realm().requireViewRealm();
        return campaigns.find(id).map(campaign -> {
            CampaignFunnel funnel = CampaignFunnel.of(session, campaign);
            String wanted = accept == null ? "" : accept;
            if (wanted.contains("image/svg+xml")) {
                return Response.ok(funnel.svg(), "image/svg+xml").build();
            }
            if (wanted.contains(MediaType.TEXT_HTML)) {
                return Response.ok(funnel.html(), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build();
            }
            ObjectNode json = JSON.createObjectNode().put("id", campaign.getId());
            funnel.write(json);
            return json(Response.ok(), json.toString());
        }).orElseGet(() -> notFound(id));
    }

    /**
     * Sets the campaign running, its snapshot to be taken by the runner (a million citizens took a minute: more than
     * a request should hold, or a proxy in front of the admin API wait). Refused while another running or paused
     * campaign of the realm could email the same citizens: one citizen, one invitation at a time.
     */
    @POST
    @Path("{id}/start")
    @Produces(MediaType.APPLICATION_JSON)
    public Response start(@PathParam("id") String id) {
        auth.realm().requireManageRealm();
        List<CampaignEntity> all = campaigns.lockAll();
        CampaignEntity campaign = withId(all, id);
        if (campaign == null) {
            return notFound(id);
        }
        if (campaign.getState() != CampaignState.DRAFT) {
            return error(Response.Status.CONFLICT, "Only a draft can be started; this campaign is "
                    + campaign.getState().id());
        }
        Audience audience = Campaigns.audienceOf(campaign);
        for (CampaignEntity other : all) {
            if ((other.getState() == CampaignState.RUNNING || other.getState() == CampaignState.PAUSED)
                    && audience.mayOverlap(Campaigns.audienceOf(other))) {
                return error(Response.Status.CONFLICT, "The campaign \"" + other.getName() + "\" is "
                        + other.getState().id() + " over citizens this one would email too; finish or cancel it first,"
                        + " or give this one the other language");
            }
        }
        CampaignLinkResourceFactory.landingClient(realm);
        // The public base URL as this request reached Keycloak (its frontend URL, whatever hostname the admin API
        // has): the runner sends from no request at all, and the links must point where citizens sign in.
        campaign.setLinkBase(session.getContext().getUri(org.keycloak.urls.UrlType.FRONTEND).getBaseUri().toString());
        campaign.setAudienceSize(0L);
        campaign.setSnapshotCursor(null);
        campaign.setSnapshotTakenAt(null);
        campaign.setStartedAt(Instant.now().toEpochMilli());
        campaign.setState(CampaignState.RUNNING);
        adminEvent.operation(OperationType.ACTION).resourcePath(EVENT_PATH, id, "start")
                .detail("name", campaign.getName()).success();
        return json(Response.accepted(), representation(campaign).toString());
    }

    @POST
    @Path("{id}/pause")
    @Produces(MediaType.APPLICATION_JSON)
    public Response pause(@PathParam("id") String id) {
        return move(id, "pause", CampaignState.PAUSED, CampaignState.RUNNING);
    }

    @POST
    @Path("{id}/resume")
    @Produces(MediaType.APPLICATION_JSON)
    public Response resume(@PathParam("id") String id) {
        return move(id, "resume", CampaignState.RUNNING, CampaignState.PAUSED);
    }

    /** For good: a cancelled campaign sends nothing more. A draft is deleted instead. */
    @POST
    @Path("{id}/cancel")
    @Produces(MediaType.APPLICATION_JSON)
    public Response cancel(@PathParam("id") String id) {
        return move(id, "cancel", CampaignState.CANCELLED, CampaignState.RUNNING, CampaignState.PAUSED);
    }

    private Response move(String id, String action, CampaignState to, CampaignState... from) {
        auth.realm().requireManageRealm();
        CampaignEntity campaign = withId(campaigns.lockAll(), id);
        if (campaign == null) {
            return notFound(id);
        }
        if (!List.of(from).contains(campaign.getState())) {
            return error(Response.Status.CONFLICT, "A campaign that is " + campaign.getState().id() + " cannot "
                    + action + "; only one that is " + String.join(" or ", List.of(from).stream()
                            .map(CampaignState::id).toList()) + " can");
        }
        campaign.setState(to);
        if (to == CampaignState.RUNNING) {
            // Whatever held it (a back-off, a misconfiguration the administrator has now fixed) is theirs to lift.
            campaign.setHeldUntil(null);
            campaign.setHeldReason(null);
        }
        adminEvent.operation(OperationType.ACTION).resourcePath(EVENT_PATH, id, action)
                .detail("name", campaign.getName()).success();
        return json(Response.ok(), representation(campaign).toString());
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        auth.realm().requireManageRealm();
        // Locked, so a start committing meanwhile cannot have its running campaign deleted from under it.
        CampaignEntity campaign = withId(campaigns.lockAll(), id);
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

    private static CampaignEntity withId(List<CampaignEntity> campaigns, String id) {
        return campaigns.stream().filter(each -> each.getId().equals(id)).findFirst().orElse(null);
    }

    /** The campaign's rate: its own, never above the server's. */
    private int perMinute(CampaignEntity campaign) {
        CampaignSenderFactory sender = (CampaignSenderFactory) session.getKeycloakSessionFactory()
                .getProviderFactory(CampaignSender.class);
        int server = sender == null ? Integer.MAX_VALUE : sender.perMinute();
        return campaign.getPerMinute() == null ? server : Math.min(server, campaign.getPerMinute());
    }

    static ObjectNode representation(CampaignEntity campaign) {
        ObjectNode json = JSON.createObjectNode().put("id", campaign.getId()).put("name", campaign.getName())
                .put("state", campaign.getState().id());
        json.putObject("templates").put("en", campaign.getEnglishTemplate()).put("cy", campaign.getWelshTemplate());
        ObjectNode audience = json.putObject("audience");
        if (campaign.getRegisteredBefore() != null) {
            audience.put("registered-before", campaign.getRegisteredBefore());
        }
        if (campaign.getSignedInSince() != null) {
            audience.put("signed-in-since", campaign.getSignedInSince());
        }
        if (campaign.getAudienceLocale() != null) {
            audience.put("locale", campaign.getAudienceLocale());
        }
        if (campaign.getPerMinute() != null) {
            json.put("per-minute", campaign.getPerMinute());
        }
        json.put("created", Instant.ofEpochMilli(campaign.getCreatedAt()).toString())
                .put("created-by", campaign.getCreatedBy());
        if (campaign.getStartedAt() != null) {
            json.put("started", Instant.ofEpochMilli(campaign.getStartedAt()).toString())
                    .put("recipients", campaign.getAudienceSize());
            ObjectNode snapshot = json.putObject("snapshot").put("complete", campaign.getSnapshotTakenAt() != null);
            if (campaign.getSnapshotTakenAt() != null) {
                snapshot.put("taken", Instant.ofEpochMilli(campaign.getSnapshotTakenAt()).toString())
                        .put("seconds", (campaign.getSnapshotTakenAt() - campaign.getStartedAt()) / 1000.0);
            }
        }
        if (campaign.getHeldReason() != null) {
            ObjectNode held = json.putObject("held").put("reason", campaign.getHeldReason());
            if (campaign.getHeldUntil() != null) {
                held.put("until", Instant.ofEpochMilli(campaign.getHeldUntil()).toString());
            }
        }
        if (campaign.getFinishedAt() != null) {
            json.put("finished", Instant.ofEpochMilli(campaign.getFinishedAt()).toString());
        }
        return json;
    }

    /** Whether the database refused a write for a constraint (SQLSTATE class 23), wherever in the causes it says so. */
    private static boolean integrityConstraint(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }

    private static Response nameTaken(String name) {
        return error(Response.Status.CONFLICT, "The realm already has a campaign called \"" + name
                + "\"; choose another name");
    }

    private Response notFound(String id) {
        return error(Response.Status.NOT_FOUND, "The realm " + realm.getName() + " has no campaign " + id);
    }

    private static Response json(Response.ResponseBuilder response, String body) {
        return response.type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    private static Response error(Response.Status status, String reason) {
        return json(Response.status(status), JSON.createObjectNode()
                .put("error", status == Response.Status.BAD_REQUEST ? "invalid_request"
                        : status.name().toLowerCase(java.util.Locale.ROOT))
                .put("error_description", reason).toString());
    }
}
