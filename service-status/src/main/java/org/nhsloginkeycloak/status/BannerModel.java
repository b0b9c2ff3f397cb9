package org.nhsloginkeycloak.status;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.models.RealmModel;

/**
 * The status banner as a login page gets it ({@code nhsStatus}), apart from the renderer that hands it over
 * ({@link BannerFreeMarkerProviderFactory}), so the check can be measured without a server.
 */
final class BannerModel {

    private BannerModel() {
    }

    /**
     * The work the renderer adds to every login page: the realm's settings, its latest assessment and the operator's
     * message, made into the page's {@code nhsStatus}; empty when the realm has the banner off. Measured on its own by
     * the benchmarks' {@code BannerStatusCheck} (JMH) against the CPU of rendering the page.
     */
    static Optional<Map<String, Object>> check(ServiceStatus status, RealmModel realm) {
        return status.settings(realm).bannerEnabled() ? Optional.of(banner(status.assess(realm)))
                : Optional.empty();
    }

    /** A map, not a bean: FreeMarker reads its keys the same whatever object wrapper Keycloak configures. */
    static Map<String, Object> banner(Assessment assessment) {
        Map<String, Object> banner = new HashMap<>();
        banner.put("shown", assessment.bannerShown());
        banner.put("level", assessment.level().id());
        List<String> affected = new ArrayList<>();
        assessment.affected().stream().sorted().forEach(journey -> affected.add(journey.id()));
        banner.put("affected", affected);
        OperatorMessage message = assessment.message();
        banner.put("severity", message != null ? message.severity().id()
                : assessment.level() == Level.DEGRADED ? "warning" : "info");
        banner.put("operatorEn", message == null ? "" : message.english());
        banner.put("operatorCy", message == null ? "" : message.welsh());
        return banner;
    }
}
