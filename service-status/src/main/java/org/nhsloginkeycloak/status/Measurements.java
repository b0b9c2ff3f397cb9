package org.nhsloginkeycloak.status;

import java.util.List;
import org.nhsloginkeycloak.connectors.health.DependencyHealth;

/**
 * What this node measured for one realm: sign-ins and uplift traces per minute over the settings' window, and how each
 * third party has been answering.
 */
public record Measurements(double signInsPerMinute, double upliftsPerMinute,
        List<DependencyHealth.Snapshot> dependencies) {

    public double trafficPerMinute() {
        return signInsPerMinute + upliftsPerMinute;
    }
}
