package org.nhsloginkeycloak.it.browser;

import com.microsoft.playwright.Page;

/** Your details: what PDS holds, read only. */
public final class YourDetailsPage extends NhsPage {

    public YourDetailsPage(Page page) {
        super(page);
    }

    public String value(String id) {
        return page.textContent("#nhs-details-" + id).trim();
    }

    /** Back to the service, by keyboard: the page's one button. */
    public void carryOn() {
        submitByKeyboard("#nhs-details-continue");
    }
}
