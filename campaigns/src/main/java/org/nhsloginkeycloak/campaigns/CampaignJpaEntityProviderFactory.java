package org.nhsloginkeycloak.campaigns;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/**
 * The campaign tables: Keycloak adds the entities to its persistence unit at build time and runs
 * {@value #CHANGELOG} with its own Liquibase at start, so the tables come and change with the bundle.
 */
public final class CampaignJpaEntityProviderFactory implements JpaEntityProviderFactory {

    public static final String PROVIDER_ID = "nhs-campaigns";
    static final String CHANGELOG = "META-INF/nhs-campaigns-changelog.xml";

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return new JpaEntityProvider() {
            @Override
            public List<Class<?>> getEntities() {
                return List.of(CampaignEntity.class);
            }

            @Override
            public String getChangelogLocation() {
                return CHANGELOG;
            }

            @Override
            public String getFactoryId() {
                return PROVIDER_ID;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
    }

    /**
     * A realm's campaigns and contact rows go with it, a citizen's contact row (opt-out, last emailed) with them: no
     * foreign keys, as both are removed through Keycloak's own entities. Their recipient rows stay, and are skipped
     * as deleted when their turn comes.
     */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmRemovedEvent removed) {
                jakarta.persistence.EntityManager em = removed.getKeycloakSession()
                        .getProvider(JpaConnectionProvider.class).getEntityManager();
                em.createQuery("delete from CampaignEntity c where c.realmId = :realm")
                        .setParameter("realm", removed.getRealm().getId()).executeUpdate();
                em.createNativeQuery("delete from NHS_CAMPAIGN_CONTACT where REALM_ID = :realm")
                        .setParameter("realm", removed.getRealm().getId()).executeUpdate();
            } else if (event instanceof org.keycloak.models.UserModel.UserRemovedEvent removed) {
                removed.getKeycloakSession().getProvider(JpaConnectionProvider.class).getEntityManager()
                        .createNativeQuery("delete from NHS_CAMPAIGN_CONTACT where USER_ID = :user")
                        .setParameter("user", removed.getUser().getId()).executeUpdate();
            }
        });
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
