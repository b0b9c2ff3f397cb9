package org.nhsloginkeycloak.campaigns;

import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.nhsloginkeycloak.core.ProofingLevel;
import org.nhsloginkeycloak.core.UserAttributes;

/** A realm's campaigns in {@code NHS_CAMPAIGN}, and the audience they select from Keycloak's own user tables. */
final class Campaigns {

    /** Keycloak's user attribute for the language a citizen chose on its pages. */
    static final String LOCALE = "locale";

    private final KeycloakSession session;
    private static final Logger LOG = Logger.getLogger(Campaigns.class);

    private final EntityManager em;
    private final RealmModel realm;

    Campaigns(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        this.realm = realm;
    }

    CampaignEntity create(CampaignRequest request, String createdBy, long now) {
        CampaignEntity campaign = new CampaignEntity();
        campaign.setId(UUID.randomUUID().toString());
        campaign.setRealmId(realm.getId());
        campaign.setName(request.name());
        campaign.setState(CampaignState.DRAFT);
        campaign.setEnglishTemplate(request.englishTemplate());
        campaign.setWelshTemplate(request.welshTemplate());
        Audience audience = request.audience();
        campaign.setRegisteredBefore(audience.registeredBefore() == null ? null : audience.registeredBefore().toString());
        campaign.setSignedInSince(audience.signedInSince() == null ? null : audience.signedInSince().toString());
        campaign.setAudienceLocale(audience.locale());
        campaign.setPerMinute(request.perMinute());
        campaign.setCreatedAt(now);
        campaign.setCreatedBy(createdBy);
        em.persist(campaign);
        em.flush();
        return campaign;
    }

    List<CampaignEntity> all() {
        return em.createQuery("select c from CampaignEntity c where c.realmId = :realm order by c.createdAt, c.id",
                CampaignEntity.class).setParameter("realm", realm.getId()).getResultList();
    }

    Optional<CampaignEntity> find(String id) {
        CampaignEntity campaign = id == null ? null : em.find(CampaignEntity.class, id);
        return campaign != null && campaign.getRealmId().equals(realm.getId()) ? Optional.of(campaign) : Optional.empty();
    }

    boolean nameTaken(String name) {
        return !em.createQuery("select c.id from CampaignEntity c where c.realmId = :realm and c.name = :name",
                String.class).setParameter("realm", realm.getId()).setParameter("name", name).setMaxResults(1)
                .getResultList().isEmpty();
    }

    void delete(CampaignEntity campaign) {
        em.remove(campaign);
        em.flush();
    }

    /**
     * How many citizens {@code audience} selects now: one count over Keycloak's user tables, no user loaded, under the
     * same conditions as {@link #snapshotChunk}.
     */
    long count(Audience audience) {
        long count = 0;
        for (String language : languages(audience)) {
            count += ((Number) audienceQuery("select count(*)", audience, language, "").getSingleResult()).longValue();
        }
        return count;
    }

    /**
     * Takes the next chunk of the campaign's recipients: the realm's next {@code chunk} user ids after the snapshot's
     * cursor (keyset over Keycloak's primary key, never OFFSET), and one {@code INSERT ... SELECT} per language of
     * those that are in the audience into {@code NHS_CAMPAIGN_RECIPIENT}, each row queued with the language its email
     * will be in. Moves the cursor and the count on; returns true when this chunk completed the snapshot. The caller
     * holds the campaign's row locked, so a chunk is taken once whatever the nodes do.
     */
    boolean snapshotChunk(CampaignEntity campaign, int chunk, long now) {
        String after = campaign.getSnapshotCursor() == null ? "" : campaign.getSnapshotCursor();
        @SuppressWarnings("unchecked")
        List<String> ids = em.createNativeQuery("select u.ID from USER_ENTITY u where u.REALM_ID = :realm"
                + " and u.ID > :after order by u.ID").setParameter("realm", realm.getId()).setParameter("after", after)
                .setMaxResults(chunk).getResultList();
        if (!ids.isEmpty()) {
            String upto = ids.get(ids.size() - 1);
            // The id is ours (a UUID made by create), so it is written into the statement rather than bound: a bound
            // parameter in an INSERT's select list has no type PostgreSQL can infer.
            String id = UUID.fromString(campaign.getId()).toString();
            long taken = 0;
            for (String language : languages(audienceOf(campaign))) {
                taken += audienceQuery("insert into NHS_CAMPAIGN_RECIPIENT (CAMPAIGN_ID, USER_ID, LOCALE, STATUS)"
                        + " select '" + id + "', u.ID, '" + language + "', '" + RecipientStatus.QUEUED.name() + "'",
                        audienceOf(campaign), language, " and u.ID > :after and u.ID <= :upto")
                        .setParameter("after", after).setParameter("upto", upto).executeUpdate();
            }
            campaign.setAudienceSize((campaign.getAudienceSize() == null ? 0 : campaign.getAudienceSize()) + taken);
            campaign.setSnapshotCursor(upto);
        }
        if (ids.size() < chunk) {
            campaign.setSnapshotTakenAt(now);
            return true;
        }
        return false;
    }

    /**
     * Once the snapshot's last chunk has committed, has the database look at the recipients table again. A snapshot
     * adds its whole audience within minutes, and until PostgreSQL's autovacuum notices (a minute or so) its planner
     * still sees the table as it was: measured on a million recipients, the first pages took 2.9 s each to select, against 4 ms after.
     */
    void refreshStatisticsAfterCommit() {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                try {
                    KeycloakModelUtils.runJobInTransaction(factory, own -> {
                        EntityManager em = own.getProvider(JpaConnectionProvider.class).getEntityManager();
                        String analyze = switch (CampaignQueue.database(em)) {
                            case "postgresql" -> "analyze NHS_CAMPAIGN_RECIPIENT";
                            case "mysql", "mariadb" -> "analyze table NHS_CAMPAIGN_RECIPIENT";
                            default -> null;
                        };
                        if (analyze != null) {
                            em.runWithConnection((Connection connection) -> {
                                try (Statement statement = connection.createStatement()) {
                                    statement.execute(analyze);
                                }
                            });
                        }
                    });
                } catch (RuntimeException e) {
                    // Only slower first pages: the database's own statistics catch up by themselves.
                    LOG.warnf("Could not refresh the database's statistics of the campaign recipients: %s",
                            e.getMessage());
                }
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }

    /** Recipients of the campaign in each status, e.g. {@code {QUEUED=120}}. */
    java.util.Map<RecipientStatus, Long> recipients(CampaignEntity campaign) {
        return CampaignQueue.counts(session, campaign.getId());
    }

    /** The realm's campaigns, each row locked until the transaction ends, so two starts are decided one at a time. */
    List<CampaignEntity> lockAll() {
        return em.createQuery("select c from CampaignEntity c where c.realmId = :realm order by c.id", CampaignEntity.class)
                .setParameter("realm", realm.getId()).setLockMode(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
    }

    private static List<String> languages(Audience audience) {
        return audience.locale() == null ? List.of("en", "cy") : List.of(audience.locale());
    }

    /**
     * {@code head} over the P0 citizens of the realm who can be emailed and whose emails go in {@code language}:
     * enabled, a verified email, not a service account, neither P5 nor P9. Welsh is a choice a citizen made
     * ({@code locale} = {@code cy}); everyone else gets English, whatever else their locale says. Nobody who opted out
     * of campaigns, nor anyone another campaign emailed within the frequency cap. {@code range} narrows it further
     * (its parameters the caller's to bind).
     */
    private jakarta.persistence.Query audienceQuery(String head, Audience audience, String language, String range) {
        StringBuilder sql = new StringBuilder(head).append(" from USER_ENTITY u where u.REALM_ID = :realm").append(range)
                .append(" and u.ENABLED = true and u.EMAIL is not null and u.EMAIL_VERIFIED = true"
                + " and u.SERVICE_ACCOUNT_CLIENT_LINK is null"
                + " and not exists (select 1 from USER_ATTRIBUTE a where a.USER_ID = u.ID and a.NAME = :level"
                + " and a.VALUE in (:p5, :p9))"
                // Opted out of every campaign, or emailed by another within the frequency cap.
                + " and not exists (select 1 from NHS_CAMPAIGN_CONTACT k where k.USER_ID = u.ID"
                + " and (k.OPTED_OUT_AT is not null or k.LAST_EMAILED_AT > :cappedSince))");
        if (audience.registeredBefore() != null) {
            sql.append(" and u.CREATED_TIMESTAMP < :before");
        }
        if (audience.signedInSince() != null) {
            sql.append(" and exists (select 1 from NHS_CAMPAIGN_CONTACT s where s.USER_ID = u.ID"
                    + " and s.LAST_SIGNED_IN_AT >= :signedInSince)");
        }
        sql.append(language.equals("cy") ? " and exists" : " and not exists").append(" (select 1 from USER_ATTRIBUTE w"
                + " where w.USER_ID = u.ID and w.NAME = :locale and w.VALUE = 'cy')");
        jakarta.persistence.Query query = em.createNativeQuery(sql.toString()).setParameter("realm", realm.getId())
                .setParameter("level", UserAttributes.IDENTITY_PROOFING_LEVEL)
                .setParameter("p5", ProofingLevel.P5.name()).setParameter("p9", ProofingLevel.P9.name())
                .setParameter("locale", LOCALE).setParameter("cappedSince", cappedSince());
        if (audience.registeredBefore() != null) {
            query.setParameter("before", audience.registeredBeforeMillis());
        }
        if (audience.signedInSince() != null) {
            query.setParameter("signedInSince", audience.signedInSinceMillis());
        }
        return query;
    }

    /** Emails since this (epoch ms) hold a citizen back; none do when there is no cap. */
    private long cappedSince() {
        CampaignSenderFactory sender = (CampaignSenderFactory) session.getKeycloakSessionFactory()
                .getProviderFactory(CampaignSender.class);
        int days = sender == null ? 0 : sender.frequencyCapDays();
        return days == 0 ? Long.MAX_VALUE : System.currentTimeMillis() - java.time.Duration.ofDays(days).toMillis();
    }

    static Audience audienceOf(CampaignEntity campaign) {
        return new Audience(campaign.getRegisteredBefore() == null ? null
                : java.time.LocalDate.parse(campaign.getRegisteredBefore()), campaign.getSignedInSince() == null ? null
                : java.time.LocalDate.parse(campaign.getSignedInSince()), campaign.getAudienceLocale());
    }
}
