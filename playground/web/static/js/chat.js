// One chat as a person sees it in Telegram: messages (edited in place), the inline and reply
// keyboards, callback pop-ups, and a composer (text, commands, photo, location). Used for a
// person's private chat with the bot and for the moderators' group.

import { api } from "./api.js";
import { renderBubble } from "./bubbles.js";
import { Composer } from "./composer.js";
import { button, el } from "./dom.js";

const rank = (message) => (message.deleted ? 1e9 : 0) + (message.edits || 0);

export class ChatPanel {
  constructor(root, { t, dialogs, notify, describeLocation }) {
    Object.assign(this, { root, t, dialogs, notify, describeLocation });
    this.identity = null;
    this.messages = new Map();
    this.generation = 0;
    this.keyboardAt = 0;
    this.keyboardSpec = null;
    this.keyboardHidden = false;
    this.build();
  }

  build() {
    const t = this.t;
    this.root.replaceChildren();
    const header = el("header", "chat-header");
    this.avatar = el("div", "avatar");
    const titles = el("div", "titles");
    this.title = el("div", "chat-title");
    this.subtitle = el("div", "chat-subtitle");
    titles.append(this.title, this.subtitle);
    header.append(this.avatar, titles);
    this.list = el("div", "messages");
    this.list.setAttribute("role", "log");
    this.pinned = true; // showing the newest message: stay there as things grow
    this.list.addEventListener("scroll", () => {
      this.pinned = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 80;
    });
    new ResizeObserver(() => this.pinned && this.scrollDown()).observe(this.list);
    this.empty = el("div", "empty");
    this.toasts = el("div", "panel-toasts");
    this.toasts.setAttribute("aria-live", "polite");
    const body = el("div", "chat-body");
    body.append(this.list, this.toasts);

    this.composer = new Composer(this);
    this.input = this.composer.input;
    this.keyboardToggle = this.composer.keyboardToggle;
    this.keyboardToggle.addEventListener("click", () => {
      this.keyboardHidden = !this.keyboardHidden;
      this.renderKeyboard();
    });
    this.keyboard = el("div", "reply-keyboard");
    this.keyboard.hidden = true;
    this.root.append(header, body, this.composer.commandsMenu, this.composer.form, this.keyboard);
  }

  // -- who is talking, and loading the chat --------------------------------------------
  async open(identity) {
    this.identity = identity;
    this.generation += 1;
    this.root.dataset.chatId = String(identity.chatId);
    this.root.dataset.userId = String(identity.userId);
    this.title.textContent = identity.title;
    this.subtitle.textContent = identity.subtitle;
    this.avatar.textContent = (identity.title || "?").trim().charAt(0).toUpperCase();
    this.messages.clear();
    this.list.replaceChildren();
    this.keyboardAt = 0;
    this.keyboardSpec = null;
    this.keyboardHidden = false;
    this.composer.commandsMenu.hidden = true;
    this.renderKeyboard();
    await this.reload();
  }

  async reload() {
    if (!this.identity) return;
    const generation = this.generation;
    const chat = await api.chat(this.identity.chatId).catch(() => null);
    if (!chat || generation !== this.generation) return;
    for (const message of chat.messages) this.upsert(message);
    const last = chat.messages.length ? chat.messages[chat.messages.length - 1].message_id : 0;
    if (last >= this.keyboardAt) this.setKeyboard(chat.reply_keyboard, last);
    this.refreshEmpty();
    this.scrollDown();
  }

  // An event from the emulator's stream; true when it was about this chat.
  apply(event) {
    if (!this.identity) return false;
    if (event.type === "callback_answer") {
      const here = event.chat_id === this.identity.chatId && event.user_id === this.identity.userId;
      if (here) this.popup(event);
      return here;
    }
    if (event.chat_id !== this.identity.chatId || !event.message) return false;
    this.upsert(event.message);
    this.setKeyboard(event.reply_keyboard, event.message.message_id);
    this.refreshEmpty();
    return true;
  }

  // -- messages ---------------------------------------------------------------------------
  upsert(message) {
    const known = this.messages.get(message.message_id);
    if (known && rank(known.message) > rank(message)) return; // an older version
    const node = renderBubble(message, this);
    if (message.deleted) node.hidden = true;
    if (known) {
      known.node.replaceWith(node);
    } else {
      const later = [...this.messages.values()]
        .filter((entry) => entry.message.message_id > message.message_id)
        .sort((a, b) => a.message.message_id - b.message.message_id)[0];
      this.list.insertBefore(node, later ? later.node : null);
    }
    this.messages.set(message.message_id, { message, node });
    if (this.pinned || !known) this.scrollDown();
    for (const image of node.querySelectorAll("img")) {
      image.addEventListener("load", () => this.pinned && this.scrollDown(), { once: true });
    }
  }

  refreshEmpty() {
    const visible = [...this.messages.values()].some((entry) => !entry.message.deleted);
    this.empty.textContent = this.t(this.identity?.group ? "groupEmpty" : "empty");
    if (visible) this.empty.remove();
    else if (!this.empty.isConnected) this.list.append(this.empty);
  }

  // -- keyboards --------------------------------------------------------------------------
  setKeyboard(spec, messageId) {
    const changed = JSON.stringify(spec || null) !== JSON.stringify(this.keyboardSpec);
    this.keyboardAt = Math.max(this.keyboardAt, messageId || 0);
    if (!changed) return;
    this.keyboardSpec = spec || null;
    this.keyboardHidden = false;
    this.renderKeyboard();
  }

  scrollDown() {
    this.list.scrollTop = this.list.scrollHeight;
    this.pinned = true;
  }

  renderKeyboard() {
    const spec = this.keyboardSpec;
    this.keyboardToggle.hidden = !spec;
    this.keyboard.hidden = !spec || this.keyboardHidden;
    this.input.placeholder = spec?.input_field_placeholder || this.t("message");
    this.keyboard.replaceChildren();
    for (const row of spec?.keyboard || []) {
      const line = el("div", "rk-row");
      for (const item of row) {
        const key = typeof item === "string" ? { text: item } : item;
        const node = button("rk-button", key.text);
        node.addEventListener("click", () => this.tapKey(key));
        line.append(node);
      }
      this.keyboard.append(line);
    }
    if (this.pinned) this.scrollDown();
  }

  tapKey(key) {
    const special = ["request_contact", "request_poll", "request_users", "request_chat", "web_app"];
    if (special.some((name) => key[name])) {
      this.toast(this.t("unsupported"));
      return;
    }
    if (this.keyboardSpec?.one_time_keyboard) {
      this.keyboardHidden = true; // hidden once used; the toggle shows it again
      this.renderKeyboard();
    }
    if (key.request_location) this.composer.shareLocation();
    else this.sendText(key.text);
  }

  async pressInline(message, spec, node) {
    if (spec.copy_text) {
      await navigator.clipboard?.writeText(spec.copy_text.text).catch(() => {});
      this.toast(spec.copy_text.text);
      return;
    }
    if (spec.callback_data === undefined) {
      this.toast(this.t("unsupported"));
      return;
    }
    node.classList.add("pending");
    const { userId, chatId } = this.identity;
    await this.act(() =>
      api.press({ user_id: userId, chat_id: chatId, message_id: message.message_id, data: spec.callback_data }),
    );
  }

  // -- pop-ups ----------------------------------------------------------------------------
  popup(event) {
    const entry = this.messages.get(event.message_id);
    entry?.node.querySelectorAll(".ik-button.pending").forEach((node) => node.classList.remove("pending"));
    if (!event.text) return;
    if (event.show_alert) this.dialogs.alert(event.text);
    else this.toast(event.text, "callback");
  }

  toast(text, kind = "note") {
    const note = el("div", `panel-toast toast-${kind}`, text);
    this.toasts.append(note);
    setTimeout(() => note.remove(), 4000);
  }

  // -- sending ----------------------------------------------------------------------------
  async act(request) {
    try {
      const sent = await request();
      if (sent?.message_id) {
        this.upsert(sent);
        this.refreshEmpty();
      }
    } catch (error) {
      this.notify(this.t("refused", { reason: error.message }));
    }
  }

  sendText(text) {
    const { userId, chatId } = this.identity;
    return this.act(() => api.send({ user_id: userId, chat_id: chatId, kind: "text", text }));
  }
}
