// The web chat on another site, with one tag:
//   <script src="https://bot.example.gov.vn/chat/widget.js" defer></script>
// It adds a floating button that opens the chat page (/chat?embed=1) in a frame. The chat's
// address is taken from this script's own src, so the tag needs no settings. Styles are set
// through element.style, which a host page's CSP allows even without 'unsafe-inline'.
(() => {
  const script = document.currentScript || document.querySelector('script[src*="/chat/widget.js"]');
  if (!script || document.getElementById("sct-chat-widget")) return;
  const chatUrl = new URL("./?embed=1", script.src).href.replace("/?embed", "?embed");
  const blue = "#0b4f8a";

  const root = document.createElement("div");
  root.id = "sct-chat-widget";
  Object.assign(root.style, { position: "fixed", right: "16px", bottom: "16px", zIndex: "2147483000", fontFamily: "system-ui, sans-serif" });

  const toggle = document.createElement("button");
  toggle.type = "button";
  const icon = document.createElement("span");
  icon.textContent = "💬 ";
  icon.setAttribute("aria-hidden", "true");
  toggle.append(icon, "Hỏi đáp với Sở Công Thương");
  toggle.setAttribute("aria-expanded", "false");
  toggle.setAttribute("aria-controls", "sct-chat-panel");
  Object.assign(toggle.style, {
    background: blue,
    color: "#fff",
    border: "2px solid #fff",
    borderRadius: "24px",
    padding: "12px 18px",
    fontSize: "16px",
    cursor: "pointer",
    boxShadow: "0 2px 8px rgba(0,0,0,.3)",
  });

  const panel = document.createElement("div");
  panel.id = "sct-chat-panel";
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", "Hỏi đáp với Sở Công Thương");
  panel.hidden = true;
  Object.assign(panel.style, {
    position: "fixed",
    right: "16px",
    bottom: "76px",
    width: "min(380px, calc(100vw - 32px))",
    height: "min(600px, calc(100vh - 100px))",
    background: "#fff",
    border: `1px solid ${blue}`,
    borderRadius: "8px",
    boxShadow: "0 4px 16px rgba(0,0,0,.3)",
    overflow: "hidden",
    flexDirection: "column",
  });

  const close = document.createElement("button");
  close.type = "button";
  close.textContent = "Đóng ✕";
  Object.assign(close.style, {
    alignSelf: "flex-end",
    margin: "4px",
    background: "#fff",
    color: blue,
    border: `1px solid ${blue}`,
    borderRadius: "4px",
    padding: "4px 10px",
    cursor: "pointer",
  });

  let frame;
  function open() {
    // The frame loads on first opening: a visitor who never opens the chat costs the bot nothing.
    if (!frame) {
      frame = document.createElement("iframe");
      frame.src = chatUrl;
      frame.title = "Trợ lý Sở Công Thương";
      Object.assign(frame.style, { flex: "1", width: "100%", border: "0" });
      panel.append(frame);
    }
    panel.hidden = false;
    panel.style.display = "flex";
    toggle.setAttribute("aria-expanded", "true");
    frame.focus();
  }
  function shut() {
    panel.hidden = true;
    panel.style.display = "none";
    toggle.setAttribute("aria-expanded", "false");
    toggle.focus();
  }

  toggle.addEventListener("click", () => (panel.hidden ? open() : shut()));
  close.addEventListener("click", shut);
  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") shut();
  });
  // Escape pressed inside the frame: the chat page tells us (only that page, from its origin).
  window.addEventListener("message", (event) => {
    if (frame && event.source === frame.contentWindow && event.origin === new URL(chatUrl).origin && event.data === "sct-chat:close") shut();
  });
  panel.append(close);
  root.append(panel, toggle);
  document.body.append(root);
})();
