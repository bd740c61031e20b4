/* The moderation queue in the admin: row actions without reloading the page, inline replies,
   "Undo", and WordPress's keys (j/k move, a approve, s spam, t trash, r reply, u undo).

   Without this file every button still works: it submits the page's #queue-action-form by a
   plain POST and the server redirects back with a message carrying its own "Undo" button. */
function startModerationQueue() {
  "use strict";

  var form = document.getElementById("queue-action-form");
  var announce = document.getElementById("queue-announce");
  if (!form || !announce) {
    return;
  }
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var text = announce.dataset;
  var lastUndo = null;
  var current = -1;

  function rows() {
    return Array.prototype.filter.call(
      document.querySelectorAll("#result_list tbody tr"),
      function (row) { return row.querySelector("[data-queue-row]"); }
    );
  }

  function post(url, fields) {
    var body = new FormData();
    Object.keys(fields).forEach(function (name) { body.append(name, fields[name]); });
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrf },
    }).then(function (response) {
      return response.json().catch(function () {
        return { message: text.error };
      }).then(function (data) {
        data.ok = response.ok;
        return data;
      });
    }, function () {
      return { ok: false, message: text.error };
    });
  }

  function setPendingCount(data) {
    document.querySelectorAll("[data-pending-badge]").forEach(function (badge) {
      badge.querySelector("[data-pending-count]").textContent = data.pending_count;
      badge.hidden = !data.pending_count;
    });
    var summary = document.querySelector(".pending-count a");
    if (summary && data.pending_text !== undefined) {
      summary.textContent = data.pending_text;
      summary.parentNode.hidden = !data.pending_count;
    }
  }

  function say(message, undo) {
    announce.textContent = message + " ";
    if (undo) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "queue-undo";
      button.textContent = text.undo;
      button.addEventListener("click", runUndo);
      announce.appendChild(button);
    }
  }

  function replaceCard(pk, html) {
    var card = document.querySelector("[data-queue-row][data-pk='" + pk + "']");
    if (!card) {
      return null;
    }
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var fresh = holder.firstElementChild;
    card.replaceWith(fresh);
    return fresh;
  }

  function applied(data) {
    if (!data.ok) {
      say(data.message || text.error, false);
      return;
    }
    replaceCard(data.pk, data.row_html);
    setPendingCount(data);
    lastUndo = data.previous ? { pk: data.pk, status: data.previous } : null;
    say(data.message, Boolean(lastUndo));
  }

  function moderate(url, status) {
    return post(url, { status: status }).then(applied);
  }

  function runUndo() {
    if (!lastUndo) {
      return;
    }
    var card = document.querySelector("[data-queue-row][data-pk='" + lastUndo.pk + "']");
    var undo = lastUndo;
    lastUndo = null;
    if (card) {
      post(card.dataset.moderateUrl, { status: undo.status }).then(function (data) {
        applied(data);
        lastUndo = null;
        if (data.ok) {
          say(data.message, false);
        }
      });
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[form=queue-action-form][formaction]");
    if (button) {
      event.preventDefault();
      moderate(button.getAttribute("formaction"), button.value);
      return;
    }
    var reply = event.target.closest("a.queue-reply");
    if (reply) {
      event.preventDefault();
      openReply(reply.closest("[data-queue-row]"));
    }
  });

  function openReply(card) {
    if (!card || !card.dataset.replyUrl) {
      return;
    }
    var existing = card.querySelector(".queue-reply-form");
    if (existing) {
      existing.querySelector("textarea").focus();
      return;
    }
    var box = document.createElement("form");
    box.className = "queue-reply-form";
    var label = document.createElement("label");
    var fieldId = "queue-reply-" + card.dataset.pk;
    label.htmlFor = fieldId;
    label.textContent = text.replyLabel;
    var area = document.createElement("textarea");
    area.id = fieldId;
    area.name = "body";
    area.required = true;
    var error = document.createElement("p");
    error.className = "errornote";
    error.hidden = true;
    var buttons = document.createElement("div");
    buttons.className = "queue-reply-buttons";
    var send = document.createElement("button");
    send.type = "submit";
    send.textContent = text.publish;
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.textContent = text.cancel;
    cancel.addEventListener("click", function () { box.remove(); });
    buttons.append(send, cancel);
    box.append(label, area, error, buttons);
    box.addEventListener("submit", function (event) {
      event.preventDefault();
      send.disabled = true;
      post(card.dataset.replyUrl, { body: area.value }).then(function (data) {
        send.disabled = false;
        if (!data.ok) {
          error.textContent = data.message || text.error;
          error.hidden = false;
          return;
        }
        applied(data);
      });
    });
    card.querySelector(".queue-actions").after(box);
    area.focus();
  }

  function select(index) {
    var list = rows();
    if (!list.length) {
      return;
    }
    current = Math.max(0, Math.min(index, list.length - 1));
    list.forEach(function (row, i) { row.classList.toggle("queue-current", i === current); });
    var row = list[current];
    row.tabIndex = -1;
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: "nearest" });
  }

  function currentCard() {
    var row = rows()[current];
    return row ? row.querySelector("[data-queue-row]") : null;
  }

  var KEYS = {
    j: function () { select(current + 1); },
    k: function () { select(current - 1); },
    u: runUndo,
    r: function () { openReply(currentCard()); },
  };
  ["a", "s", "t"].forEach(function (key) {
    KEYS[key] = function () {
      var card = currentCard();
      var button = card && card.querySelector("[data-key='" + key + "']");
      if (button) {
        moderate(button.getAttribute("formaction"), button.value);
      }
    };
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) {
      return;
    }
    var typing = "textarea, select, [contenteditable], "
      + "input:not([type=checkbox]):not([type=radio]):not([type=submit]):not([type=button])";
    if (target.closest(typing)) {
      return;
    }
    var action = KEYS[event.key];
    if (action) {
      event.preventDefault();
      if (current < 0 && event.key !== "u" && event.key !== "j" && event.key !== "k") {
        select(0);
      }
      action();
    }
  });
}

// Loaded in the page's head (the admin's media): wait for the queue to exist.
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", startModerationQueue);
} else {
  startModerationQueue();
}
