// The bottom of a chat: the command menu, a photo from disk, a location, a voice message (or a
// video message or an audio file, of a chosen length), the text field, the reply keyboard's
// toggle and the send button. It acts through its chat panel.

import { api } from "./api.js";
import { button, el } from "./dom.js";
import { icon } from "./icons.js";

function iconButton(className, name, title) {
  const node = button(`icon ${className}`, null, title);
  node.append(icon(name));
  return node;
}

export class Composer {
  constructor(panel) {
    this.panel = panel;
    const t = panel.t;
    this.commandsMenu = el("div", "commands-menu");
    this.commandsMenu.hidden = true;
    this.form = el("form", "composer");
    const commands = iconButton("commands-button", "commands", t("commands"));
    commands.addEventListener("click", () => this.toggleCommands());
    const attach = iconButton("attach-button", "attach", t("sendPhoto"));
    this.fileInput = el("input", "photo-input");
    Object.assign(this.fileInput, { type: "file", accept: "image/*", hidden: true });
    attach.addEventListener("click", () => this.fileInput.click());
    this.fileInput.addEventListener("change", () => this.pickPhoto());
    const locate = iconButton("location-button", "location", t("shareLocation"));
    locate.addEventListener("click", () => this.shareLocation());
    const speak = iconButton("voice-button", "microphone", t("sendVoice"));
    speak.addEventListener("click", () => this.sendVoice());
    this.input = el("textarea", "message-input");
    Object.assign(this.input, { rows: 1, placeholder: t("message"), maxLength: 4096 });
    this.input.setAttribute("aria-label", t("message"));
    this.input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey) {
        event.preventDefault();
        this.form.requestSubmit();
      }
    });
    this.keyboardToggle = iconButton("keyboard-toggle", "keyboard", t("keyboard"));
    this.keyboardToggle.hidden = true;
    const send = iconButton("send-button", "send", t("send"));
    send.type = "submit";
    this.form.append(commands, attach, this.fileInput, locate, speak, this.input, this.keyboardToggle, send);
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = this.input.value;
      if (!text.trim()) return;
      this.input.value = "";
      panel.sendText(text);
    });
  }

  where() {
    const { userId, chatId } = this.panel.identity;
    return { user_id: userId, chat_id: chatId };
  }

  async shareLocation() {
    const point = await this.panel.dialogs.location();
    if (!point) return;
    await this.panel.act(() => api.send({ ...this.where(), kind: "location", ...point }));
  }

  async sendVoice() {
    const voice = await this.panel.dialogs.voice();
    if (!voice) return;
    await this.panel.act(() => api.send({ ...this.where(), ...voice }));
  }

  async pickPhoto() {
    const file = this.fileInput.files[0];
    this.fileInput.value = "";
    if (!file) return;
    const photo = await this.panel.dialogs.photo(file);
    if (!photo) return;
    const caption = photo.caption || null;
    await this.panel.act(() => api.send({ ...this.where(), kind: "photo", data: photo.data, caption }));
  }

  async toggleCommands() {
    if (!this.commandsMenu.hidden) {
      this.commandsMenu.hidden = true;
      return;
    }
    const { chatId, userId, languageCode } = this.panel.identity;
    const commands = await api.commands(chatId, userId, languageCode).catch(() => []);
    this.commandsMenu.replaceChildren();
    for (const command of commands) {
      const item = button("command");
      item.append(el("span", "command-name", `/${command.command}`));
      item.append(el("span", "command-description", command.description));
      item.addEventListener("click", () => {
        this.commandsMenu.hidden = true;
        this.panel.sendText(`/${command.command}`);
      });
      this.commandsMenu.append(item);
    }
    this.commandsMenu.hidden = commands.length === 0;
  }
}
