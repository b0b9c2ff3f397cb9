package org.nhsloginkeycloak.campaigns;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.nhsloginkeycloak.core.ProofingLevel;
import org.nhsloginkeycloak.core.UserAttributes;

/** A realm's campaigns in {@code NHS_CAMPAIGN}, and the audience they select from Keycloak's own user tables. */
final class Campaigns {

    /** Keycloak's user attribute for the language a citizen chose on its pages. */
    static final String LOCALE = "locale";

    private final EntityManager em;
    private final RealmModel realm;

    Campaigns(KeycloakSession session, RealmModel realm) {
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
        campaign.setAudienceLocale(audience.locale());
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
     * How many citizens {@code audience} selects now. A count, so no user is loaded; the same conditions the send will
     * apply to its snapshot.
     */
    long count(Audience audience) {
        StringBuilder jpql = new StringBuilder("select count(u) from UserEntity u where u.realmId = :realm"
                + " and u.enabled = true and u.email is not null and u.emailVerified = true"
                + " and u.serviceAccountClientLink is null"
                + " and not exists (select a.id from UserAttributeEntity a where a.user = u and a.name = :level"
                + " and a.value in :uplifted)");
        if (audience.registeredBefore() != null) {
            jpql.append(" and u.createdTimestamp < :before");
        }
        if (audience.locale() != null) {
            // Welsh is a choice a citizen made; everyone else gets English, whatever else their locale says.
            jpql.append(audience.locale().equals("cy") ? " and exists" : " and not exists")
                    .append(" (select w.id from UserAttributeEntity w where w.user = u and w.name = :locale"
                            + " and w.value = 'cy')");
        }
        TypedQuery<Long> query = em.createQuery(jpql.toString(), Long.class).setParameter("realm", realm.getId())
                .setParameter("level", UserAttributes.IDENTITY_PROOFING_LEVEL)
                .setParameter("uplifted", List.of(ProofingLevel.P5.name(), ProofingLevel.P9.name()));
        if (audience.registeredBefore() != null) {
            query.setParameter("before", audience.registeredBeforeMillis());
        }
        if (audience.locale() != null) {
            query.setParameter("locale", LOCALE);
        }
        return query.getSingleResult();
    }

    static Audience audienceOf(CampaignEntity campaign) {
        return new Audience(campaign.getRegisteredBefore() == null ? null
                : java.time.LocalDate.parse(campaign.getRegisteredBefore()), campaign.getAudienceLocale());
    }
}
