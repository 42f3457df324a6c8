<div class="print-cover">
  <h1>{{ config.site_name }}</h1>
  <p class="print-cover-question">"L1 vs L2 regularization: what's the difference, and when do you use which?"</p>
  <p>{{ config.site_description }}</p>
  <p class="print-cover-date">Version {{ config.extra.publication.version.label }}.</p>
</div>
