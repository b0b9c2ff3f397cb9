package org.nhsloginkeycloak.it.browser;

import com.microsoft.playwright.Page;
import java.util.Map;

/** Confirm who you are: the details traced against PDS. */
public final class UpliftPage extends NhsPage {

    public UpliftPage(Page page) {
        super(page);
    }

    /** Types each given field (by its name) after clearing it, then presses Enter. */
    public void enter(Map<String, String> fields) {
        fields.forEach((name, value) -> {
            tabTo("#" + name);
            page.keyboard().press("Control+A");
            page.keyboard().press("Delete");
            page.keyboard().type(value);
        });
        pressEnterAndWait();
    }
}
