package org.nhsloginkeycloak.campaigns;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One campaign of a realm, in the table {@code NHS_CAMPAIGN} (see {@code META-INF/nhs-campaigns-changelog.xml}). No
 * foreign key to the realm: Keycloak removes realms through its own entities, so the rows go with a
 * {@code RealmRemovedEvent} instead (see {@link CampaignJpaEntityProviderFactory}).
 */
@Entity
@Table(name = "NHS_CAMPAIGN")
public class CampaignEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "NAME", length = 100, nullable = false)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(name = "STATE", length = 16, nullable = false)
    private CampaignState state;

    @Column(name = "TEMPLATE_EN", length = 36, nullable = false)
    private String englishTemplate;

    @Column(name = "TEMPLATE_CY", length = 36, nullable = false)
    private String welshTemplate;

    /** ISO date ({@code YYYY-MM-DD}): only citizens registered before the start of that day (UTC); null for all. */
    @Column(name = "REGISTERED_BEFORE", length = 10)
    private String registeredBefore;

    /** ISO date: only citizens who signed in on or after that day (UTC); null for all. */
    @Column(name = "SIGNED_IN_SINCE", length = 10)
    private String signedInSince;

    /** {@code en} or {@code cy}: only citizens whose emails go in that language; null for both. */
    @Column(name = "AUDIENCE_LOCALE", length = 2)
    private String audienceLocale;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "CREATED_BY", length = 255)
    private String createdBy;

    @Column(name = "STARTED_AT")
    private Long startedAt;

    /** How many citizens the snapshot holds so far: it is taken by the runner a chunk at a time after the start. */
    @Column(name = "AUDIENCE_SIZE")
    private Long audienceSize;

    /** The last user id the snapshot has looked at; null before its first chunk. */
    @Column(name = "SNAPSHOT_CURSOR", length = 36)
    private String snapshotCursor;

    /** When the snapshot was complete; null while it is being taken (nothing is sent until it is). */
    @Column(name = "SNAPSHOT_TAKEN_AT")
    private Long snapshotTakenAt;

    /** The most emails a minute this campaign sends (never above the server's); null for the server's. */
    @Column(name = "PER_MINUTE")
    private Integer perMinute;

    /** Where its links point: the realm's public base URL as the administrator who started it reached it. */
    @Column(name = "LINK_BASE", length = 255)
    private String linkBase;

    /** The runner sends nothing before this time (a back-off or the daily limit); null when not held. */
    @Column(name = "HELD_UNTIL")
    private Long heldUntil;

    /** Why the runner held or paused it, a fixed phrase for administrators (e.g. {@code daily-limit}). */
    @Column(name = "HELD_REASON", length = 255)
    private String heldReason;

    @Column(name = "FINISHED_AT")
    private Long finishedAt;

    public Integer getPerMinute() {
        return perMinute;
    }

    public void setPerMinute(Integer perMinute) {
        this.perMinute = perMinute;
    }

    public String getLinkBase() {
        return linkBase;
    }

    public void setLinkBase(String linkBase) {
        this.linkBase = linkBase;
    }

    public Long getHeldUntil() {
        return heldUntil;
    }

    public void setHeldUntil(Long heldUntil) {
        this.heldUntil = heldUntil;
    }

    public String getHeldReason() {
        return heldReason;
    }

    public void setHeldReason(String heldReason) {
        this.heldReason = heldReason;
    }

    public Long getFinishedAt() {
        return finishedAt;
    }

    public void setFinishedAt(Long finishedAt) {
        this.finishedAt = finishedAt;
    }

    public Long getStartedAt() {
        return startedAt;
    }

    public void setStartedAt(Long startedAt) {
        this.startedAt = startedAt;
    }

    public String getSnapshotCursor() {
        return snapshotCursor;
    }

    public void setSnapshotCursor(String snapshotCursor) {
        this.snapshotCursor = snapshotCursor;
    }

    public Long getSnapshotTakenAt() {
        return snapshotTakenAt;
    }

    public void setSnapshotTakenAt(Long snapshotTakenAt) {
        this.snapshotTakenAt = snapshotTakenAt;
    }

    public Long getAudienceSize() {
        return audienceSize;
    }

    public void setAudienceSize(Long audienceSize) {
        this.audienceSize = audienceSize;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public CampaignState getState() {
        return state;
    }

    public void setState(CampaignState state) {
        this.state = state;
    }

    public String getEnglishTemplate() {
        return englishTemplate;
    }

    public void setEnglishTemplate(String englishTemplate) {
        this.englishTemplate = englishTemplate;
    }

    public String getWelshTemplate() {
        return welshTemplate;
    }

    public void setWelshTemplate(String welshTemplate) {
        this.welshTemplate = welshTemplate;
    }

    public String getSignedInSince() {
        return signedInSince;
    }

    public void setSignedInSince(String signedInSince) {
        this.signedInSince = signedInSince;
    }

    public String getRegisteredBefore() {
        return registeredBefore;
    }

    public void setRegisteredBefore(String registeredBefore) {
        this.registeredBefore = registeredBefore;
    }

    public String getAudienceLocale() {
        return audienceLocale;
    }

    public void setAudienceLocale(String audienceLocale) {
        this.audienceLocale = audienceLocale;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(long createdAt) {
        this.createdAt = createdAt;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public void setCreatedBy(String createdBy) {
        this.createdBy = createdBy;
    }
}
