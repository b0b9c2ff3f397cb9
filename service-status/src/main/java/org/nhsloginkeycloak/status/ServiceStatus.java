package org.nhsloginkeycloak.status;

import java.util.Map;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

/**
 * How a realm's service is: measured on every node (traffic, third parties) and shared, decided with hysteresis, with
 * the operator's message (kept on the realm, so the same on every node).
 */
public interface ServiceStatus extends Provider {

    /** The state now. Noticing a change of level raises the operator alert. */
    Assessment assess(RealmModel realm);

    /** One more sign-in or uplift trace on this node, in the realm of that id. */
    void count(String realmId, Journey journey);

    StatusSettings settings(RealmModel realm);

    /** Lays {@code values} (option name to text, see {@link StatusSettings}) over the realm's settings. */
    void updateSettings(RealmModel realm, Map<String, String> values);

    /** Removes every setting of the realm's own: the server's defaults apply again. */
    void resetSettings(RealmModel realm);

    void setMessage(RealmModel realm, OperatorMessage message);

    void clearMessage(RealmModel realm);

    @Override
    default void close() {
    }
}
