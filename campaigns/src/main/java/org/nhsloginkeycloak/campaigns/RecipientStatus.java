package org.nhsloginkeycloak.campaigns;

/** Where one recipient of a started campaign is. Queued at the snapshot; the sender moves them on. */
public enum RecipientStatus {
    QUEUED
}
