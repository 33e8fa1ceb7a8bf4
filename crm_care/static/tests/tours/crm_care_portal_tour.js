import { registry } from "@web/core/registry";

// A customer on the portal: opens a ticket with a photo of the faulty product,
// replies on the ticket's page, then closes the ticket.
registry.category("web_tour.tours").add("crm_care_portal_ticket", {
    url: "/my/tickets/new",
    steps: () => [
        {
            content: "Say what it is about",
            trigger: "input[name='subject']",
            run: "edit Vòi máy lọc nước bị nứt",
        },
        {
            trigger: "textarea[name='description']",
            run: "edit Vòi bị nứt sau hai tuần sử dụng.",
        },
        {
            content: "Attach a photo of the faulty product",
            trigger: "input[name='attachments']",
            run() {
                const input = document.querySelector("input[name='attachments']");
                const transfer = new DataTransfer();
                const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 0]);
                transfer.items.add(new File([png], "voi-nut.png", { type: "image/png" }));
                input.files = transfer.files;
            },
        },
        {
            content: "Send the ticket",
            trigger: "form[action='/my/tickets/new'] button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The ticket's page shows the customer's files in the thread",
            trigger: "#chatterRoot:shadow .o-mail-Message:contains('Files from the customer')",
        },
        {
            content: "Reply on the ticket's page",
            trigger: "#chatterRoot:shadow .o-mail-Composer-input",
            run: "edit Tôi gửi thêm số seri: PN-RO10-2231.",
        },
        {
            trigger: "#chatterRoot:shadow .o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            trigger: "#chatterRoot:shadow .o-mail-Message:contains('PN-RO10-2231')",
        },
        {
            content: "Close the ticket: the problem is solved",
            trigger: "button.o_care_close_ticket",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The ticket is closed; the customer may rate it",
            trigger: ".o_care_rating",
        },
    ],
});
