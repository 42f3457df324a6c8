/* The practice tool of /practice/, loaded on that page only (its front matter). The build
 * writes every part of it into the page (engine/markers/practice.py): each level's timer, "Say it"
 * card, rubric and score, the interviewer's next questions, and the review queue as a first
 * visit shows it (every item, named, in the page's order); this script makes them work.
 *
 * - Rehearse a level: only that level shows; a timer with the card's target time; reveal the
 *   model answer; tick the tells; a score, against the model answer's.
 * - The interviewer asks: a next question of that level, drawn from those due first.
 * - Spaced review (Leitner boxes; how many, and the words for why an item is queued, come
 *   from the build): a low grade (a score below the model answer's, a question missed or
 *   only partly answered) puts an item in box 1, which comes first; each time the reader had
 *   it, it moves up a box, up to the last. Never graded, an item comes after box 1 and before
 *   box 2. This is the only place the review order is decided: the script reorders the
 *   build's queue by it, the build's order breaking ties.
 * - The chosen level (or every question shown) is remembered with the progress.
 * - Progress in localStorage only, under the site's own key; a reset clears it; nothing is
 *   sent anywhere.
 * - Screen readers hear the timer start, stop and each whole minute (a polite status line);
 *   the running clock itself is hidden from them.
 * - Starts on first load (DOMContentLoaded: Material's document$ never fires over file://)
 *   and after instant navigation (which runs this script again; document$ too): once per page.
 */
(function () {
  "use strict";

  var LEVEL_NAMES = { l4: "L4", l5: "L5", l6: "L6", "follow-up": "the follow-up" };

  // -- progress ---------------------------------------------------------------------------

  function Progress(key, boxes) {
    this.key = key;
    this.boxes = boxes;
    this.data = this.read();
  }
  // level: the level being rehearsed, or null when every question shows.
  Progress.prototype.fresh = function () {
    return { version: 1, turn: 0, items: {}, attempts: [], level: null };
  };
  Progress.prototype.read = function () {
    try {
      var data = JSON.parse(window.localStorage.getItem(this.key));
      if (data && data.version === 1 && data.items) return data;
    } catch (error) {
      // No storage (blocked, or a corrupt entry): practice goes on, remembered for this visit.
    }
    return this.fresh();
  };
  Progress.prototype.write = function () {
    try {
      window.localStorage.setItem(this.key, JSON.stringify(this.data));
    } catch (error) {
      // As above: kept in memory only.
    }
  };
  Progress.prototype.reset = function () {
    this.data = this.fresh();
    try {
      window.localStorage.removeItem(this.key);
    } catch (error) {
      // Nothing stored.
    }
  };
  Progress.prototype.item = function (id) {
    return this.data.items[id] || null;
  };
  // 1 missed, 2 partly (both low), 3 had it.
  Progress.prototype.grade = function (id, grade, attempt) {
    var before = this.item(id);
    var box = before ? before.box : 0;
    box = grade < 3 ? 1 : Math.min(this.boxes, Math.max(box, 1) + 1);
    this.data.turn += 1;
    this.data.items[id] = { box: box, turn: this.data.turn, grade: grade };
    if (attempt) {
      attempt.item = id;
      attempt.turn = this.data.turn;
      this.data.attempts = this.data.attempts.concat([attempt]).slice(-100);
    }
    this.write();
    return box;
  };
  // The review order's key: box 1 (graded low) first, then never graded, then boxes 2 and up;
  // in each, the longest unseen first.
  Progress.prototype.rank = function (id) {
    var item = this.item(id);
    if (!item) return [1.5, 0];
    return [item.box, item.turn];
  };
  Progress.prototype.view = function (level) {
    this.data.level = level;
    this.write();
  };

  // -- the tool ---------------------------------------------------------------------------

  function Practice(tool) {
    this.tool = tool;
    this.article = tool.closest("article") || document.body;
    this.boxes = Number(tool.getAttribute("data-boxes"));
    this.reasons = JSON.parse(tool.getAttribute("data-reasons"));
    this.progress = new Progress(tool.getAttribute("data-storage-key"), this.boxes);
    // The build's queue, in its order (a first visit's): what the review order reorders.
    this.queue = tool.querySelector(".practice-queue");
    this.entries = [].slice.call(this.queue.children);
    this.rehearsals = [].slice.call(this.article.querySelectorAll(".practice-rehearsal"));
    this.probes = [].slice.call(this.article.querySelectorAll("details.probe"));
    this.probeGrading = this.article.querySelector(".practice-probe-grading");
    this.hiddenByUs = [];
    this.level = null;
    this.drawn = null;
    this.timer = null;
    this.bind();
    this.rehearsals.forEach(function (block) {
      block.querySelector(".practice-timer").hidden = false;
    });
    this.showQueue();
    var level = this.progress.data.level;
    if (level && this.block(level)) this.rehearse(level, true);  // where the reader left off
    this.tool.setAttribute("data-ready", "");  // the controls work from now on
  }

  Practice.prototype.bind = function () {
    var self = this;
    this.tool.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) return;
      if (button.hasAttribute("data-level")) self.rehearse(button.getAttribute("data-level"));
      else if (button.hasAttribute("data-item")) self.open(button.getAttribute("data-item"));
      else if (button.getAttribute("data-action") === "everything") self.showEverything();
      else if (button.getAttribute("data-action") === "reset") self.reset();
    });
    this.rehearsals.forEach(function (block) {
      block.addEventListener("click", function (event) {
        var button = event.target.closest("button[data-action]");
        if (!button) return;
        var action = button.getAttribute("data-action");
        if (action === "timer") self.toggleTimer(block);
        else if (action === "reveal") self.reveal(block);
        else if (action === "score") self.score(block);
        else if (action === "draw") self.draw(block.getAttribute("data-level"));
      });
    });
    if (this.probeGrading) {
      this.probeGrading.addEventListener("click", function (event) {
        var button = event.target.closest("button");
        if (!button || !self.drawn) return;
        if (button.hasAttribute("data-grade")) {
          self.gradeProbe(Number(button.getAttribute("data-grade")));
        } else if (button.getAttribute("data-action") === "draw") {
          self.draw(self.drawn.getAttribute("data-level"), self.drawn);
        }
      });
    }
  };

  // Items in review order: by their rank, then in the build's order.
  Practice.prototype.ordered = function (ids) {
    var progress = this.progress;
    var built = this.entries.map(function (entry) { return entry.getAttribute("data-item"); });
    return ids.map(function (id) {
      return { id: id, rank: progress.rank(id).concat([built.indexOf(id)]) };
    }).sort(function (a, b) {
      for (var i = 0; i < a.rank.length; i++) {
        if (a.rank[i] !== b.rank[i]) return a.rank[i] - b.rank[i];
      }
      return 0;
    }).map(function (entry) { return entry.id; });
  };

  Practice.prototype.reason = function (id) {
    var state = this.progress.item(id);
    if (!state) return this.reasons.new;
    return state.box === 1 ? this.reasons.low : this.reasons.due.replace("{box}", state.box);
  };

  // The build's queue lines, reordered: the first few shown, each saying why it is there.
  Practice.prototype.showQueue = function () {
    var self = this;
    var length = Number(this.tool.getAttribute("data-queue-length"));
    var byId = {};
    this.entries.forEach(function (entry) { byId[entry.getAttribute("data-item")] = entry; });
    this.ordered(Object.keys(byId)).forEach(function (id, place) {
      var entry = byId[id];
      entry.querySelector(".practice-reason").textContent = "(" + self.reason(id) + ")";
      entry.hidden = place >= length;
      self.queue.append(entry);
    });
  };

  // -- one level at a time ---------------------------------------------------------------

  Practice.prototype.focus = function (element) {
    if (!element.hasAttribute("tabindex") && !/^(BUTTON|SUMMARY|A|INPUT)$/.test(element.tagName)) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus();
    element.scrollIntoView({ block: "nearest" });
  };

  // Shows only the tool, the level's heading and rehearsal, and the drawn question.
  Practice.prototype.showOnly = function (keep) {
    this.hiddenByUs.forEach(function (element) { element.hidden = false; });
    this.hiddenByUs = [];
    var onScreen = this.tool.closest(".practice-on-screen") || this.tool;
    var self = this;
    [].slice.call(this.article.children).forEach(function (element) {
      if (element === onScreen || element.tagName === "H1" || keep.indexOf(element) >= 0) return;
      if (!element.hidden) {
        element.hidden = true;
        self.hiddenByUs.push(element);
      }
    });
  };

  Practice.prototype.heading = function (block) {
    var previous = block.previousElementSibling;
    return previous && /^H\d$/.test(previous.tagName) ? previous : block;
  };

  // The heading of the part of the page an element is in ("The interviewer's next questions").
  Practice.prototype.section = function (element) {
    var heading = element.previousElementSibling;
    while (heading && heading.tagName !== "H2") heading = heading.previousElementSibling;
    return heading || element;
  };

  // quietly: as the page opens, where the reader left off (the focus stays where it is).
  Practice.prototype.rehearse = function (level, quietly) {
    var block = this.block(level);
    if (!block) return;
    this.stopTimer();
    this.level = level;
    this.drawn = null;
    if (!quietly) this.progress.view(level);
    [].slice.call(this.tool.querySelectorAll("button[data-level]")).forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-level") === level));
    });
    this.tool.querySelector("[data-action=everything]").hidden = false;
    // A fresh attempt: the card folded, no ticks, the clock at zero.
    block.querySelector("details.say-it").open = false;
    [].slice.call(block.querySelectorAll(".practice-rubric input")).forEach(function (box) {
      box.checked = false;
    });
    block.querySelector(".practice-grading").hidden = true;
    block.querySelector(".practice-score").textContent = "";
    block.querySelector(".practice-timer-status").textContent = "";
    this.setClock(block, 0);
    this.elapsed = 0;
    if (this.probeGrading) this.probeGrading.hidden = true;
    this.showOnly([this.section(block), this.heading(block), block]);
    if (!quietly) this.focus(this.heading(block));
  };

  Practice.prototype.block = function (level) {
    return this.rehearsals.filter(function (b) { return b.getAttribute("data-level") === level; })[0];
  };

  Practice.prototype.showEverything = function () {
    this.stopTimer();
    this.progress.view(null);
    this.hiddenByUs.forEach(function (element) { element.hidden = false; });
    this.hiddenByUs = [];
    this.level = null;
    this.drawn = null;
    if (this.probeGrading) this.probeGrading.hidden = true;
    [].slice.call(this.tool.querySelectorAll("button[data-level]")).forEach(function (button) {
      button.setAttribute("aria-pressed", "false");
    });
    this.tool.querySelector("[data-action=everything]").hidden = true;
  };

  // -- the timer ---------------------------------------------------------------------------

  function spoken(seconds) {
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    var parts = [];
    if (minutes) parts.push(minutes + (minutes === 1 ? " minute" : " minutes"));
    if (rest || !minutes) parts.push(rest + (rest === 1 ? " second" : " seconds"));
    return parts.join(" ");
  }

  function target(block) {
    var shown = block.querySelector(".practice-seconds");
    return shown ? parseInt(shown.textContent.replace(/[^0-9]/g, ""), 10) : 0;
  }

  Practice.prototype.setClock = function (block, seconds) {
    var clock = block.querySelector(".practice-clock");
    clock.textContent = Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
    clock.classList.toggle("practice-clock--over", seconds > target(block));
  };

  Practice.prototype.toggleTimer = function (block) {
    if (this.timer) this.stopTimer();
    else this.startTimer(block);
  };

  Practice.prototype.startTimer = function (block) {
    var self = this;
    var started = Date.now();
    var status = block.querySelector(".practice-timer-status");
    var button = block.querySelector("[data-action=timer]");
    var minutesSaid = 0;
    this.setClock(block, 0);
    button.textContent = "Stop the timer";
    status.textContent = "Timer started. Target: about " + spoken(target(block)) + ".";
    this.timer = {
      block: block,
      started: started,
      interval: window.setInterval(function () {
        if (!document.contains(block)) return self.stopTimer();  // the page was left
        var seconds = Math.floor((Date.now() - started) / 1000);
        self.setClock(block, seconds);
        // Heard at most once a minute: the status line changes only on whole minutes.
        if (Math.floor(seconds / 60) > minutesSaid) {
          minutesSaid = Math.floor(seconds / 60);
          status.textContent = spoken(minutesSaid * 60) + ".";
        }
      }, 250),
    };
  };

  Practice.prototype.stopTimer = function () {
    if (!this.timer) return;
    var block = this.timer.block;
    window.clearInterval(this.timer.interval);
    var seconds = Math.floor((Date.now() - this.timer.started) / 1000);
    this.timer = null;
    this.elapsed = seconds;
    if (!document.contains(block)) return;
    this.setClock(block, seconds);
    block.querySelector("[data-action=timer]").textContent = "Start the timer";
    var goal = target(block);
    var against = seconds > goal ? spoken(seconds - goal) + " over"
      : seconds < goal ? spoken(goal - seconds) + " under" : "on";
    block.querySelector(".practice-timer-status").textContent =
      "Timer stopped at " + spoken(seconds) + ": " + against + " the target of about " +
      spoken(goal) + ".";
  };

  // -- grading -----------------------------------------------------------------------------

  Practice.prototype.reveal = function (block) {
    this.stopTimer();
    var card = block.querySelector("details.say-it");
    card.open = true;
    block.querySelector(".practice-grading").hidden = false;
    this.focus(card.querySelector("summary"));
  };

  function count(n, one, many) {
    return (n === 0 ? "no" : String(n)) + " " + (n === 1 ? one : many);
  }

  Practice.prototype.score = function (block) {
    var level = block.getAttribute("data-level");
    var model = JSON.parse(block.getAttribute("data-model"));
    var ticked = [].slice.call(block.querySelectorAll(".practice-rubric input:checked"));
    var strong = ticked.filter(function (box) { return box.getAttribute("data-kind") === "strong"; }).length;
    var down = ticked.length - strong;
    var score = strong - down;
    var grade = score >= model.score ? 3 : score === model.score - 1 ? 2 : 1;
    var box = this.progress.grade(level, grade, {
      score: score, model: model.score, seconds: this.elapsed || 0,
      tells: ticked.map(function (b) { return b.value; }),
    });
    var verdict = grade === 3
      ? "As good as the model answer: this one moves up to box " + box + " of " + this.boxes +
        ", and the higher its box, the later it comes back."
      : (grade === 2 ? "One short of the model answer, so graded low: " : "Graded low: ") +
        block.getAttribute("data-title") + " comes back first next time.";
    block.querySelector(".practice-score").textContent =
      "Score " + score + ": " + count(strong, "strong-hire tell", "strong-hire tells") + ", " +
      count(down, "down-level tell", "down-level tells") + ". The model answer scores " +
      model.score + " (" + count(model.strong, "strong-hire tell", "strong-hire tells") + ", " +
      count(model.down, "down-level tell", "down-level tells") + "). " + verdict;
    this.showQueue();
  };

  // -- the interviewer asks ----------------------------------------------------------------

  Practice.prototype.draw = function (level, previous) {
    var self = this;
    var mine = this.probes.filter(function (p) { return p.getAttribute("data-level") === level; });
    if (!mine.length) return;
    var candidates = mine.length > 1 && previous
      ? mine.filter(function (p) { return p !== previous; }) : mine;
    var first = this.progress.rank(this.ordered(candidates.map(function (p) { return p.id; }))[0]);
    // Among those due first, the draw is the interviewer's, not the reader's.
    var due = candidates.filter(function (p) {
      var rank = self.progress.rank(p.id);
      return rank[0] === first[0] && rank[1] === first[1];
    });
    this.showProbe(due[Math.floor(Math.random() * due.length)]);
  };

  Practice.prototype.showProbe = function (probe) {
    this.drawn = probe;
    probe.open = false;
    var keep = [probe, this.probeGrading, this.section(probe)];
    var block = this.level && this.block(this.level);
    if (block) keep.push(this.section(block), this.heading(block), block);
    this.showOnly(keep);
    this.probeGrading.hidden = false;
    this.probeGrading.querySelector(".practice-probe-status").textContent = "";
    this.focus(probe.querySelector("summary"));
  };

  Practice.prototype.gradeProbe = function (grade) {
    var box = this.progress.grade(this.drawn.id, grade);
    this.probeGrading.querySelector(".practice-probe-status").textContent = grade < 3
      ? "Graded low: this question comes back first next time."
      : "Saved: this question moves up to box " + box + " of " + this.boxes +
        ", and the higher its box, the later it comes back.";
    this.showQueue();
  };

  // A question of the review list: its level, or the interviewer's question itself.
  Practice.prototype.open = function (id) {
    var probe = document.getElementById(id);
    if (probe && probe.matches("details.probe")) {
      var level = probe.getAttribute("data-level");
      if (this.level !== level) this.rehearse(level);
      this.showProbe(probe);
    } else {
      this.rehearse(id);
    }
  };

  Practice.prototype.reset = function () {
    if (!window.confirm("Forget every grade on this page, in this browser?")) return;
    this.showEverything();
    this.progress.reset();
    this.showQueue();
    this.tool.querySelector(".practice-reset-status").textContent =
      "Progress cleared: every question is new again.";
  };

  // -- start -----------------------------------------------------------------------------------

  function start() {
    var tool = document.querySelector(".practice-tool[data-storage-key]");
    if (!tool || tool.hasAttribute("data-ready")) return;
    tool.setAttribute("data-ready", "");
    window.practice = new Practice(tool);  // for a console, and the tests
  }

  if (window.document$ && !window.practiceFollowsNavigation) {
    window.practiceFollowsNavigation = true;
    window.document$.subscribe(start);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
