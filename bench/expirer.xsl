<?xml version="1.0" encoding="UTF-8"?>
<!-- The peer of the expiry run of sne-renew (option expirer) for bench/run:
     an identity copy that sets etat to radiee for every active demande whose
     anniversary (renouvellement/@prochain) is before $limite (AAAAMMJJ, the
     date of the run minus one month).  XSLT 1.0 forbids variables in match patterns,
     hence the test inside the template. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:s="urn:sne:suivi:1">
  <xsl:param name="limite" select="'0'"/>

  <xsl:template match="@*|node()">
    <xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy>
  </xsl:template>

  <xsl:template match="s:suivi/s:etat">
    <xsl:copy>
      <xsl:choose>
        <xsl:when test=". = 'active' and
                        translate(../s:renouvellement/@prochain, '-', '') &lt; number($limite)">radiee</xsl:when>
        <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
      </xsl:choose>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
