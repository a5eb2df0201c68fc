// The chat page without reloads: the same form, sent with fetch to the JSON endpoint, the answer
// appended to the conversation (role="log", read out by screen readers). Every piece of text is
// put in with textContent, never as markup. Without this script the form still works by POST.
(() => {
  const form = document.getElementById("chat-form");
  const log = document.getElementById("chat-log");
  const input = document.getElementById("chat-text");
  const status = document.getElementById("chat-status");
  if (!form || !log || !input || !window.fetch) return;
  const api = form.dataset.api;
  const chatId = form.elements.chatId.value;
  const submit = form.querySelector("button[type=submit]");
  let busy = false;

  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  function message(from, build) {
    const box = el("div", `msg ${from}`);
    box.append(el("p", "who", from === "user" ? "Bạn" : "Trợ lý"));
    build(box);
    log.append(box);
    box.scrollIntoView({ block: "nearest" });
    return box;
  }

  function botMessage(reply) {
    return message("bot", (box) => {
      const text = el("p", "text");
      for (const part of reply.parts ?? [{ text: reply.text }]) {
        if (!part.href) {
          text.append(part.text);
          continue;
        }
        const link = el("a", "", part.text);
        link.href = part.href;
        if (/^https?:/.test(part.href)) Object.assign(link, { target: "_blank", rel: "noopener noreferrer" });
        text.append(link);
      }
      box.append(text);
      if (reply.chart) {
        const chart = el("img", "chart");
        Object.assign(chart, { src: reply.chart.src, alt: reply.chart.alt, width: 640, height: 320 });
        box.append(chart);
      }
      if (reply.contacts?.length) {
        const list = el("ul", "contacts");
        list.setAttribute("aria-label", "Gọi điện");
        for (const c of reply.contacts) {
          const link = el("a", "call", `Gọi ${c.name}: ${c.number}`);
          link.href = c.href;
          const item = el("li");
          item.append(link);
          list.append(item);
        }
        box.append(list);
      }
      if (reply.buttons?.length) {
        const choices = el("div", "choices");
        for (const b of reply.buttons) {
          const button = el("button", "", b.label);
          button.type = "button";
          button.dataset.text = b.text;
          choices.append(button);
        }
        box.append(choices);
      }
    });
  }

  async function send(text) {
    if (busy) return;
    if (!text.trim()) {
      status.textContent = "Bạn hãy gõ câu hỏi trước khi gửi.";
      input.focus();
      return;
    }
    busy = true;
    submit.disabled = true;
    message("user", (box) => box.append(el("p", "text", text)));
    input.value = "";
    status.textContent = "Đang trả lời…";
    try {
      const body = await fetch(api, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text, chatId }) }).then(
        (res) => res.json().catch(() => ({})),
        () => ({ error: "Không kết nối được tới máy chủ. Bạn kiểm tra mạng rồi thử lại nhé." }),
      );
      botMessage(body.parts || body.text ? body : { text: body.error || "Xin lỗi, chưa gửi được câu hỏi. Bạn vui lòng thử lại." });
    } finally {
      status.textContent = "";
      busy = false;
      submit.disabled = false;
      // Without scrolling: the answer just added stays in view.
      input.focus({ preventScroll: true });
    }
  }

  // In the widget's frame, Escape closes the widget (the page around us cannot see our keys).
  if (window.parent !== window) {
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape") window.parent.postMessage("sct-chat:close", "*");
    });
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    send(input.value);
  });
  // Quick replies: the page's own (forms that would post) and the ones added here.
  log.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button || !log.contains(button)) return;
    event.preventDefault();
    send(button.dataset.text ?? button.value);
  });
})();
