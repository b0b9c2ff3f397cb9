package org.nhsloginkeycloak.it.browser;

import com.microsoft.playwright.Page;

/** Enter your mobile phone number. */
public final class MobilePage extends NhsPage {

    public MobilePage(Page page) {
        super(page);
    }

    public void enter(String mobile) {
        type("#mobile", mobile);
        pressEnterAndWait();
    }
}
