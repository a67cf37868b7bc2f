window.YTD.following.part0 = [ {
  "following" : {
    "accountId" : "547842573"
  }
}, {
  "following" : {
    "accountId" : "12158"
  }
} ]