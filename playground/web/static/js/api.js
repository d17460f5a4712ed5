// The emulator's control API (/_emulator/...) and the playground's config.

export class ApiError extends Error {}

async function call(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const payload = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(payload.error || `${response.status} ${response.statusText}`);
  return payload;
}

export const api = {
  config: () => call("GET", "/_playground/config"),
  users: () => call("GET", "/_emulator/users").then((r) => r.users),
  addUser: (user) => call("POST", "/_emulator/users", user),
  chat: (chatId) => call("GET", `/_emulator/chats/${chatId}`),
  commands: (chatId, userId, languageCode) =>
    call(
      "GET",
      `/_emulator/commands?chat_id=${chatId}&user_id=${userId}` +
        `&language_code=${encodeURIComponent(languageCode || "")}`,
    ).then((r) => r.commands),
  send: (message) => call("POST", "/_emulator/send", message),
  press: (press) => call("POST", "/_emulator/press", press),
  fileUrl: (fileId, download = false) =>
    `/_emulator/files/${encodeURIComponent(fileId)}${download ? "?download=1" : ""}`,
};

// A file from disk as base64 (without the data: URL prefix), for /_emulator/send.
export function readBase64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(",", 2)[1] || "");
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}
