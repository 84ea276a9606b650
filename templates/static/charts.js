// charts.js draws the dashboards' trend charts with the vendored Apache
// ECharts, from the JSON data block #chart-data that the server puts in the
// page. The tables beside the charts hold the same numbers; without
// JavaScript (or when printing without it) nothing is lost.
(function () {
  "use strict";

  function start() {
    var block = document.getElementById("chart-data");
    if (!block || !window.echarts) {
      return;
    }
    var data;
    try {
      data = JSON.parse(block.textContent);
    } catch (e) {
      return;
    }
    var locale = data.lang === "en" ? "en-US" : "vi-VN";
    var charts = [];
    (data.charts || []).forEach(function (spec) {
      var box = document.getElementById("chart-" + spec.id);
      if (box) {
        charts.push(draw(box, spec, locale));
      }
    });
    var holder = document.getElementById("charts");
    if (holder && charts.length) {
      holder.classList.add("ready");
      charts.forEach(function (c) { c.resize(); });
    }
    var resize = function () { charts.forEach(function (c) { c.resize(); }); };
    window.addEventListener("resize", resize);
    window.addEventListener("beforeprint", resize);
  }

  // format writes a number the way the page does: 1.344 and 99,8% in
  // Vietnamese, 1,344 and 99.8% in English.
  function formatter(locale, spec, extra) {
    var nf = new Intl.NumberFormat(locale, { maximumFractionDigits: (spec.decimals || 0) + (extra || 0) });
    return function (v) {
      if (v === null || v === undefined || v === "-") {
        return "—";
      }
      return nf.format(v) + (spec.percent ? "%" : "");
    };
  }

  // A rate axis keeps close to the data but never runs past 0–100 %.
  function lowPercent(v) {
    var pad = (v.max - v.min) * 0.2 || 1;
    return Math.max(0, Math.floor(v.min - pad));
  }
  function highPercent(v) {
    var pad = (v.max - v.min) * 0.2 || 1;
    return Math.min(100, Math.ceil(v.max + pad));
  }

  function draw(box, spec, locale) {
    var fmt = formatter(locale, spec);
    var chart = window.echarts.init(box, null, { renderer: "canvas" });
    chart.setOption({
      animation: false,
      color: ["#8a94a3", "#a3141b", "#1b6e3a", "#8a5a00"],
      grid: { left: 8, right: 12, top: 28, bottom: 4, containLabel: true },
      legend: { top: 0, textStyle: { fontSize: 11 } },
      // richText tooltips: no HTML with inline styles, as the CSP requires.
      tooltip: { trigger: "axis", renderMode: "richText", valueFormatter: fmt },
      xAxis: { type: "category", data: spec.categories },
      // Whole numbers get whole ticks; rates one more digit on the axis
      // than in the table, so near-equal ticks do not read the same.
      yAxis: { type: "value", axisLabel: { formatter: formatter(locale, spec, spec.percent ? 1 : 0) },
        scale: !!spec.percent, minInterval: spec.decimals ? 0 : 1,
        min: spec.percent ? lowPercent : null, max: spec.percent ? highPercent : null },
      series: (spec.series || []).map(function (s) {
        return { name: s.name, type: "line", data: s.data, connectNulls: false, symbolSize: 6 };
      })
    });
    return chart;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
