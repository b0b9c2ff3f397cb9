package org.nhsloginkeycloak.it.browser;

import com.microsoft.playwright.Page;

/** AMNV's offer: text a code to a mobile on the GP record (first options), or keep one's own number (last option). */
public final class GpMobilePage extends NhsPage {

    public GpMobilePage(Page page) {
        super(page);
    }

    /**
     * Chooses the option {@code index} places down (0 = the first GP mobile) as a keyboard user does in a radio group:
     * Tab into the group, Space ticks the first, an arrow key moves and ticks; then Enter submits.
     */
    public void choose(int index) {
        tabTo("#gp-mobile");
        page.keyboard().press("Space");
        for (int i = 0; i < index; i++) {
            page.keyboard().press("ArrowDown");
        }
        pressEnterAndWait();
    }

    /** Continue with nothing chosen. */
    public void continueWithoutChoosing() {
        submitByKeyboard("#nhs-amnv-offer-submit");
    }
}
