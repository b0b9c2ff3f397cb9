package org.nhsloginkeycloak.realm.upgrade;

/**
 * One thing an upgrade did (or, in a dry run, would do) to a realm.
 *
 * @param part what kind of thing: {@code authentication-flow}, {@code authenticator-config}, {@code required-action},
 *     {@code client-scope}, {@code client-profile}, {@code client-policy}, {@code user-profile},
 *     {@code localization}
 * @param name its alias or name in the realm (for localization, the locale)
 * @param change {@code created}, {@code replaced} (rebuilt as this version's, its id kept) or {@code updated}
 *     (this version's parts added or brought up to date, the administrator's own values kept)
 * @param detail what differed, in words an administrator can check against the release notes
 */
public record Change(String part, String name, String change, String detail) {

    static Change created(String part, String name, String detail) {
        return new Change(part, name, "created", detail);
    }

    static Change replaced(String part, String name, String detail) {
        return new Change(part, name, "replaced", detail);
    }

    static Change updated(String part, String name, String detail) {
        return new Change(part, name, "updated", detail);
    }
}
