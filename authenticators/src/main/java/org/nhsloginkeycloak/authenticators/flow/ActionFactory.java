package org.nhsloginkeycloak.authenticators.flow;

import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * What every NHS login required action's factory has in common: nothing to configure at start-up, start or stop. The
 * required-action counterpart of {@link StepFactory}.
 */
public abstract class ActionFactory implements RequiredActionFactory {

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
