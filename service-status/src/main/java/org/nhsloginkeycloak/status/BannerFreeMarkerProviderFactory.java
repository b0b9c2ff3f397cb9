package org.nhsloginkeycloak.status;

import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.theme.FreeMarkerException;
import org.keycloak.theme.Theme;
import org.keycloak.theme.freemarker.FreeMarkerProvider;
import org.keycloak.theme.freemarker.FreeMarkerProviderFactory;

/**
 * FreeMarker renderer {@value #PROVIDER_ID}: Keycloak's own ({@code default}), with the realm's service status added as
 * {@code nhsStatus} to every login-theme page, error pages included, the one hook that reaches them all (proven in the
 * team's reference, login-page-dynamic-data). Chosen over Keycloak's by its higher {@link #order()}; compiled templates
 * stay cached by Keycloak's provider. A failure of the status never fails the page: it is then shown without a banner.
 *
 * <p>{@code nhsStatus}: {@code shown}, {@code level} (normal, busy, degraded), {@code affected} (journey ids),
 * {@code severity} (info, warning), {@code operatorEn} and {@code operatorCy} (the operator's message, or empty).
 */
public final class BannerFreeMarkerProviderFactory implements FreeMarkerProviderFactory {

    public static final String PROVIDER_ID = "nhs-status-banner";
    private static final Logger LOG = Logger.getLogger(BannerFreeMarkerProviderFactory.class);
    static final String DELEGATE = "default";

    @Override
    public FreeMarkerProvider create(KeycloakSession session) {
        FreeMarkerProvider keycloaks = session.getProvider(FreeMarkerProvider.class, DELEGATE);
        return new FreeMarkerProvider() {
            @Override
            public String processTemplate(Object data, String templateName, Theme theme) throws FreeMarkerException {
                if (theme.getType() == Theme.Type.LOGIN && data instanceof Map<?, ?> attributes) {
                    try {
                        RealmModel realm = session.getContext().getRealm();
                        ServiceStatus status = session.getProvider(ServiceStatus.class);
                        if (realm != null && status != null) {
                            @SuppressWarnings("unchecked")
                            Map<String, Object> page = (Map<String, Object>) attributes;
                            BannerModel.check(status, realm).ifPresent(banner -> page.put("nhsStatus", banner));
                        }
                    } catch (RuntimeException e) {
                        // The page matters more than the banner on it.
                        LOG.warnf("Login page rendered without the status banner: %s", e.toString());
                    }
                }
                return keycloaks.processTemplate(data, templateName, theme);
            }

            @Override
            public void close() {
            }
        };
    }

    /** Above Keycloak's own (0), so Keycloak uses this one; it delegates to Keycloak's. */
    @Override
    public int order() {
        return 100;
    }

    @Override
    public void init(Config.Scope config) {
    }

    /** The freemarker SPI is internal to Keycloak: if its renderer is not there to delegate to, say so at start. */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        if (factory.getProviderFactory(FreeMarkerProvider.class, DELEGATE) == null) {
            throw new IllegalStateException("Keycloak's FreeMarker renderer '" + DELEGATE + "' is missing: the status"
                    + " banner cannot wrap it (did a Keycloak upgrade rename it?)");
        }
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
