package org.nhsloginkeycloak.sandpit;

/** A test citizen the sandpit creates. Sandpit only: these passwords are published in the README. */
public record SandpitAccount(String username, String password, String proofingLevel, String name) {
}
