/* The writing desk of the post form: autosave, restore offer, leave warning, Markdown
   toolbar and shortcuts, live preview, word count, images (picker, upload, drop, paste).
   No inline script anywhere (CSP script-src 'self'): everything is read from data attributes. */
(function () {
  "use strict";

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }

  function start() {
    var config = document.getElementById("carnet-writing");
    var form = config && config.closest("form");
    if (!form) { return; }
    var body = form.querySelector("textarea[name=body]");
    var title = form.querySelector("[name=title]");
    var excerpt = form.querySelector("[name=excerpt]");
    var markup = form.querySelector("[name=markup]");
    var editor = body && body.closest(".carnet-editor");
    var savedStatus = editor && editor.querySelector(".carnet-editor__saved");
    var dirty = false;
    var submitting = false;

    function csrfToken() {
      var field = form.querySelector("[name=csrfmiddlewaretoken]");
      return field ? field.value : "";
    }

    function post(url, data) {
      data.append("csrfmiddlewaretoken", csrfToken());
      return fetch(url, {
        method: "POST", body: data, credentials: "same-origin",
        headers: {"X-CSRFToken": csrfToken(), "X-Requested-With": "XMLHttpRequest"}
      });
    }

    function debounce(fn, ms) {
      var timer = null;
      var run = function () { clearTimeout(timer); timer = setTimeout(fn, ms); };
      run.now = function () { clearTimeout(timer); fn(); };
      return run;
    }

    function textData() {
      var data = new FormData();
      data.append("post", config.dataset.post || "");
      data.append("title", title ? title.value : "");
      data.append("body", body ? body.value : "");
      data.append("excerpt", excerpt ? excerpt.value : "");
      data.append("markup", markup ? markup.value : "");
      return data;
    }

    function say(message) {
      if (savedStatus) { savedStatus.textContent = message; }
    }

    /* Leaving with unsaved changes ---------------------------------------------------------------- */
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    form.addEventListener("submit", function () { submitting = true; });
    window.addEventListener("beforeunload", function (event) {
      if (dirty && !submitting) {
        event.preventDefault();
        event.returnValue = config.dataset.leaveWarning || "";
        return event.returnValue;
      }
    });

    /* Autosave ------------------------------------------------------------------------------------ */
    var autosave = debounce(function () {
      post(config.dataset.autosaveUrl, textData()).then(function (response) {
        return response.json().then(function (answer) {
          say(response.ok ? answer.message : answer.error);
        });
      }).catch(function () { /* offline: the next pause tries again */ });
    }, 1000 * (parseFloat(config.dataset.autosaveSeconds) || 5));
    [title, body, excerpt].forEach(function (field) {
      if (field) { field.addEventListener("input", autosave); }
    });

    /* The autosave offered back ------------------------------------------------------------------- */
    var offer = document.querySelector(".carnet-autosave-offer");
    if (offer) {
      var saved = JSON.parse(document.getElementById("carnet-autosave-data").textContent);
      offer.querySelector(".carnet-autosave-restore").addEventListener("click", function () {
        [["title", title], ["body", body], ["excerpt", excerpt]].forEach(function (pair) {
          if (pair[1]) {
            pair[1].value = saved[pair[0]];
            pair[1].dispatchEvent(new Event("input", {bubbles: true}));
          }
        });
        offer.remove();
        if (body) { body.focus(); }
      });
      offer.querySelector(".carnet-autosave-dismiss").addEventListener("click", function () {
        offer.remove();
      });
    }

    /* The main button says what it will do: publish, schedule, update, submit, save the draft. */
    var state = form.querySelector("[name=state]");
    var labelsData = document.getElementById("carnet-publish-labels");
    var when = form.querySelector("[name=published_at_0]");
    var whenTime = form.querySelector("[name=published_at_1]");
    if (state && labelsData) {
      var labels = JSON.parse(labelsData.textContent);
      var frenchDate = function () {
        /* The admin's date and time fields: dd/mm/yyyy (or yyyy-mm-dd) and hh:mm[:ss]. */
        var d = (when && when.value || "").match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$|^(\d{4})-(\d{1,2})-(\d{1,2})$/);
        var t = (whenTime && whenTime.value || "").match(/^(\d{1,2}):(\d{2})/);
        if (!d || !t) { return null; }
        var y = d[3] || d[4], m = d[2] || d[5], day = d[1] || d[6];
        return new Date(+y, +m - 1, +day, +t[1], +t[2]);
      };
      var relabel = function () {
        var chosen = state.value;
        var moment = frenchDate();
        if (chosen === "published" && dateTyped && moment && moment > new Date()) { chosen = "scheduled"; }
        form.querySelectorAll(".carnet-publish-button").forEach(function (button) {
          button.value = labels[chosen] || button.value;
        });
      };
      var dateTyped = false;
      state.addEventListener("change", relabel);
      [when, whenTime].forEach(function (field) {
        if (field) { field.addEventListener("change", function () { dateTyped = true; relabel(); }); }
      });
    }

    /* A table that scrolls sideways on a phone must be reachable with the keyboard. */
    form.querySelectorAll(".inline-group").forEach(function (group) {
      if (group.scrollWidth > group.clientWidth) { group.tabIndex = 0; }
    });

    if (!editor) { return; }

    /* Markdown toolbar and shortcuts -------------------------------------------------------------- */
    function replaceSelection(text, selectFrom, selectTo) {
      var start = body.selectionStart;
      body.focus();
      if (!document.execCommand("insertText", false, text)) {
        body.setRangeText(text, start, body.selectionEnd, "end");
        body.dispatchEvent(new Event("input", {bubbles: true}));
      }
      if (selectFrom !== undefined) {
        body.setSelectionRange(start + selectFrom, start + selectTo);
      }
    }

    function wrap(before, after, placeholder) {
      var chosen = body.value.slice(body.selectionStart, body.selectionEnd) || placeholder;
      replaceSelection(before + chosen + after, before.length, before.length + chosen.length);
    }

    function prefixLines(prefix) {
      var start = body.value.lastIndexOf("\n", body.selectionStart - 1) + 1;
      body.setSelectionRange(start, body.selectionEnd);
      var lines = body.value.slice(start, body.selectionEnd).split("\n");
      var text = lines.map(function (line) { return prefix + line; }).join("\n");
      replaceSelection(text, text.length, text.length);
    }

    var texts = editor.dataset;
    var actions = {
      bold: function () { wrap("**", "**", texts.placeholderText || "texte"); },
      italic: function () { wrap("*", "*", texts.placeholderText || "texte"); },
      code: function () {
        var chosen = body.value.slice(body.selectionStart, body.selectionEnd);
        if (chosen.indexOf("\n") >= 0) { wrap("```\n", "\n```", ""); } else { wrap("`", "`", "code"); }
      },
      link: function () {
        var chosen = body.value.slice(body.selectionStart, body.selectionEnd) || texts.placeholderText || "texte";
        var text = "[" + chosen + "](https://)";
        replaceSelection(text, chosen.length + 3, text.length - 1);
      },
      quote: function () { prefixLines("> "); },
      list: function () { prefixLines("- "); },
      heading: function () { prefixLines("## "); },
      image: function () { openPicker(); },
      preview: function (button) {
        var shown = button.getAttribute("aria-pressed") !== "true";
        button.setAttribute("aria-pressed", shown ? "true" : "false");
        editor.classList.toggle("carnet-editor--no-preview", !shown);
        if (shown) { preview.now(); }
      }
    };
    editor.querySelector(".carnet-editor__toolbar").addEventListener("click", function (event) {
      var button = event.target.closest("button[data-md]");
      if (button) { actions[button.dataset.md](button); }
    });

    var KEYS = {b: "bold", i: "italic", k: "link"};
    body.addEventListener("keydown", function (event) {
      var key = event.key.toLowerCase();
      if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && KEYS[key]) {
        event.preventDefault();
        actions[KEYS[key]]();
      }
    });
    form.addEventListener("keydown", function (event) {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
        event.preventDefault();
        var keep = form.querySelector("[name=_continue]");
        form.requestSubmit(keep || undefined);
      }
    });

    /* Word count and reading time ----------------------------------------------------------------- */
    var count = editor.querySelector(".carnet-editor__count");
    var plural = new Intl.PluralRules(document.documentElement.lang || "fr");
    function counted() {
      var text = body.value.replace(/\[\[image:\d+\]\]|!\[[^\]]*\]\(image:\d+\)/g, " ");
      var n = (text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) || []).length;
      var minutes = Math.max(1, Math.round(n / (parseInt(texts.wordsPerMinute, 10) || 230)));
      var label = plural.select(n) === "one" ? texts.wordsOne : texts.wordsOther;
      var time = plural.select(minutes) === "one" ? texts.minutesOne : texts.minutesOther;
      count.textContent = label.replace("%(count)s", n.toLocaleString(document.documentElement.lang))
        + " · " + time.replace("%(count)s", minutes);
    }
    body.addEventListener("input", counted);
    counted();

    /* Live preview -------------------------------------------------------------------------------- */
    var frame = editor.querySelector(".carnet-editor__frame");
    var preview = debounce(function () {
      if (editor.classList.contains("carnet-editor--no-preview")) { return; }
      post(editor.dataset.previewUrl, textData()).then(function (response) {
        return response.text().then(function (html) {
          if (response.ok) { frame.srcdoc = html; } else { say(JSON.parse(html).error); }
        });
      }).catch(function () {});
    }, 400);
    [title, body, markup].forEach(function (field) {
      if (field) { field.addEventListener("input", preview); field.addEventListener("change", preview); }
    });
    preview.now();

    /* Images: picker, upload, drop, paste --------------------------------------------------------- */
    var dialog = editor.querySelector(".carnet-media");
    var list = dialog.querySelector(".carnet-media__list");
    var message = dialog.querySelector(".carnet-media__message");
    var cursor = 0;

    function reference(image) {
      return image.alt ? "![" + image.alt.replace(/[\[\]]/g, "") + "](image:" + image.id + ")" : image.reference;
    }

    function insertImage(image) {
      body.focus();
      body.setSelectionRange(cursor, cursor);
      var before = body.value.slice(0, cursor);
      var gap = before === "" || /\n\n$/.test(before) ? "" : (/\n$/.test(before) ? "\n" : "\n\n");
      replaceSelection(gap + reference(image) + "\n\n");
      cursor = body.selectionEnd;
    }

    function upload(file) {
      var data = new FormData();
      data.append("image", file, file.name || "image.png");
      message.textContent = editor.dataset.uploading || "…";
      say(editor.dataset.uploading || "…");
      return post(editor.dataset.uploadUrl, data).then(function (response) {
        return response.json().then(function (answer) {
          if (!response.ok) { message.textContent = answer.error; say(answer.error); return; }
          message.textContent = "";
          say("");
          insertImage(answer);
          if (dialog.open) { dialog.close(); }
        });
      });
    }

    function showImages(images) {
      list.replaceChildren();
      images.forEach(function (image) {
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "carnet-media__pick";
        var img = document.createElement("img");
        img.src = image.thumbnail;
        img.alt = "";
        img.loading = "lazy";
        var label = document.createElement("span");
        label.textContent = image.title;
        button.append(img, label);
        button.addEventListener("click", function () { insertImage(image); dialog.close(); });
        item.append(button);
        list.append(item);
      });
    }

    function openPicker() {
      cursor = body.selectionStart;
      dialog.showModal();
      fetch(editor.dataset.imagesUrl, {credentials: "same-origin"})
        .then(function (response) { return response.json(); })
        .then(function (answer) { showImages(answer.images || []); })
        .catch(function () {});
    }

    dialog.querySelector(".carnet-media__close").addEventListener("click", function () { dialog.close(); });
    dialog.querySelector(".carnet-media__upload").addEventListener("change", function (event) {
      Array.prototype.forEach.call(event.target.files, upload);
      event.target.value = "";
    });

    function imageFiles(transfer) {
      return Array.prototype.filter.call((transfer && transfer.files) || [], function (file) {
        return /^image\//.test(file.type);
      });
    }
    body.addEventListener("dragover", function (event) {
      if (event.dataTransfer && Array.prototype.indexOf.call(event.dataTransfer.types, "Files") >= 0) {
        event.preventDefault();
        editor.classList.add("carnet-editor--drop");
      }
    });
    body.addEventListener("dragleave", function () { editor.classList.remove("carnet-editor--drop"); });
    body.addEventListener("drop", function (event) {
      var files = imageFiles(event.dataTransfer);
      editor.classList.remove("carnet-editor--drop");
      if (!files.length) { return; }
      event.preventDefault();
      cursor = body.selectionStart;
      files.reduce(function (done, file) {
        return done.then(function () { return upload(file); });
      }, Promise.resolve());
    });
    body.addEventListener("paste", function (event) {
      var files = imageFiles(event.clipboardData);
      if (!files.length) { return; }
      event.preventDefault();
      cursor = body.selectionStart;
      files.forEach(upload);
    });
  }
})();
