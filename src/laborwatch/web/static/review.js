// Review decisions go to POST /api/claims/{id}/review with the reviewer's token in the
// Authorization header (kept for this tab only). Corrections send only the fields changed.
"use strict";
(function () {
  const tokenInput = document.getElementById("token");
  const tokenStatus = document.getElementById("token-status");
  const tokenForm = document.getElementById("token-form");
  function showToken() {
    tokenStatus.textContent = window.desk.token() ? "token set for this tab" : "no token: decisions will be refused";
  }
  tokenForm.addEventListener("submit", (event) => {
    event.preventDefault();
    window.sessionStorage.setItem("laborwatch-token", tokenInput.value.trim());
    tokenInput.value = "";
    showToken();
  });
  showToken();

  function parsed(text) {
    const trimmed = text.trim();
    if (trimmed === "") return null;
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
      try { return JSON.parse(trimmed); } catch (error) { return trimmed; }
    }
    return trimmed;
  }

  function changedFields(form) {
    const changes = {};
    for (const input of form.querySelectorAll(".field")) {
      if (input.value !== input.dataset.original) changes[input.dataset.field] = parsed(input.value);
    }
    return changes;
  }

  async function decide(form, decision) {
    const result = form.querySelector(".result");
    const body = { decision, reason: form.querySelector(".reason").value };
    if (decision === "correct") body.changes = changedFields(form);
    result.classList.remove("error");
    result.textContent = "Saving…";
    try {
      const reply = await window.desk.fetchJSON("/api/claims/" + encodeURIComponent(form.dataset.claim) + "/review", {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: "Bearer " + window.desk.token() },
        body: JSON.stringify(body),
      });
      result.textContent = "Saved: " + reply.claim.review + " — " + reply.claim.summary;
      form.closest(".review-item").classList.add("done");
    } catch (error) {
      result.classList.add("error");
      result.textContent = "Not saved: " + error.message;
    }
  }

  for (const form of document.querySelectorAll("form.decision")) {
    form.addEventListener("submit", (event) => event.preventDefault());
    for (const button of form.querySelectorAll("button[data-decision]")) {
      button.addEventListener("click", () => decide(form, button.dataset.decision));
    }
  }
})();
