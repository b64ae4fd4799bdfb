// Keeps the token in a same-site cookie so page loads can carry it; writes still send it in
// the Authorization header, which is why it also goes to this tab's sessionStorage.
"use strict";
document.getElementById("login-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const token = document.getElementById("login-token").value.trim();
  document.cookie = "laborwatch_token=" + encodeURIComponent(token) + "; path=/; SameSite=Strict";
  window.sessionStorage.setItem("laborwatch-token", token);
  window.location.assign("/");
});
