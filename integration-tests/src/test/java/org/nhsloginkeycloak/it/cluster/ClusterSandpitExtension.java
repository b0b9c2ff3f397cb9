package org.nhsloginkeycloak.it.cluster;

import java.util.List;
import org.nhsloginkeycloak.it.support.SandpitExtension;
import org.nhsloginkeycloak.sandpit.SandpitOptions;

/**
 * The cluster group's sandpit: PostgreSQL and two Keycloak nodes behind HAProxy, on free ports, in a work folder of its
 * own. The group runs in its own failsafe execution, after the single-node suite has stopped its sandpit.
 */
public final class ClusterSandpitExtension extends SandpitExtension {

    /** Low enough that a burst through both nodes meets it, high enough for journeys run one after another. */
    static final int PDS_REQUESTS_PER_SECOND = 3;

    public ClusterSandpitExtension() {
        super(layout -> SandpitOptions.forTests(layout).withWork("sandpit-cluster-run")
                .withDatabase(SandpitOptions.Database.POSTGRES).withNodes(2)
                .withServerOptions(List.of("--spi-nhs-pds--pds-fhir--requests-per-second=" + PDS_REQUESTS_PER_SECOND,
                        // As the default sandpit's tests: each snapshot over several chunks, here under PostgreSQL's
                        // row locks and two runners.
                        "--spi-nhs-campaign-sender--govuk-notify--snapshot-chunk=100")));
    }
}
