package org.nhsloginkeycloak.mappers;

import java.util.Set;
import org.keycloak.models.ProtocolMapperModel;

/** A mapper of ours that can say which claims a configured instance releases, for the discovery document. */
interface ReleasesClaims {

    Set<String> claimsReleased(ProtocolMapperModel model);
}
