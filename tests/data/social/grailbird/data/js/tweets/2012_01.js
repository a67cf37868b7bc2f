Grailbird.data.tweets_2012_01 = 
 [ {
  "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
  "entities" : {
    "user_mentions" : [ {
      "name" : "Dana Quill",
      "screen_name" : "dana_q",
      "indices" : [ 0, 7 ],
      "id_str" : "70001",
      "id" : 70001
    } ],
    "media" : [ ],
    "hashtags" : [ ],
    "urls" : [ ]
  },
  "in_reply_to_status_id_str" : "164567374186550001",
  "geo" : {
  },
  "id_str" : "164570129890410001",
  "in_reply_to_user_id" : 70001,
  "text" : "@dana_q see you at the meetup on Thursday?",
  "id" : 164570129890410001,
  "in_reply_to_status_id" : 164567374186550001,
  "created_at" : "Tue Jan 31 04:45:51 +0000 2012",
  "in_reply_to_screen_name" : "dana_q",
  "in_reply_to_user_id_str" : "70001",
  "user" : {
    "name" : "Robin Example",
    "screen_name" : "robin_example",
    "protected" : false,
    "id_str" : "90001",
    "profile_image_url_https" : "https://si0.twimg.com/profile_images/1/robin_normal.jpeg",
    "id" : 90001,
    "verified" : false
  }
}, {
  "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
  "entities" : {
    "user_mentions" : [ {
      "name" : "Kai Tester",
      "screen_name" : "kai_tests",
      "indices" : [ 3, 13 ],
      "id_str" : "70003",
      "id" : 70003
    } ],
    "media" : [ ],
    "hashtags" : [ ],
    "urls" : [ ]
  },
  "geo" : {
  },
  "id_str" : "164560889234730001",
  "text" : "RT @kai_tests: Slides from tonight's meetup are up",
  "retweeted_status" : {
    "source" : "web",
    "entities" : {
      "user_mentions" : [ ],
      "media" : [ ],
      "hashtags" : [ ],
      "urls" : [ ]
    },
    "geo" : {
    },
    "id_str" : "164505832858400001",
    "text" : "Slides from tonight's meetup are up",
    "id" : 164505832858400001,
    "created_at" : "Tue Jan 31 20:30:21 +0000 2012",
    "user" : {
      "name" : "Kai Tester",
      "screen_name" : "kai_tests",
      "protected" : false,
      "id_str" : "70003",
      "profile_image_url_https" : "https://si0.twimg.com/profile_images/3/kai_normal.jpg",
      "id" : 70003,
      "verified" : false
    }
  },
  "id" : 164560889234730001,
  "created_at" : "Tue Jan 31 21:09:08 +0000 2012",
  "user" : {
    "name" : "Robin Example",
    "screen_name" : "robin_example",
    "protected" : false,
    "id_str" : "90001",
    "profile_image_url_https" : "https://si0.twimg.com/profile_images/1/robin_normal.jpeg",
    "id" : 90001,
    "verified" : false
  }
}, {
  "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
  "entities" : {
    "user_mentions" : [ {
      "name" : "Lee Ann Marsh",
      "screen_name" : "lee_ann",
      "indices" : [ 10, 18 ],
      "id_str" : "70002",
      "id" : 70002
    }, {
      "name" : "Dana Quill",
      "screen_name" : "dana_q",
      "indices" : [ 24, 31 ],
      "id_str" : "70001",
      "id" : 70001
    } ],
    "media" : [ ],
    "hashtags" : [ ],
    "urls" : [ ]
  },
  "geo" : {
  },
  "id_str" : "164542336687280001",
  "text" : "Thanks to @lee_ann and @dana_q for the intro — great chat",
  "id" : 164542336687280001,
  "created_at" : "Mon Jan 30 02:55:24 +0000 2012",
  "user" : {
    "name" : "Robin Example",
    "screen_name" : "robin_example",
    "protected" : false,
    "id_str" : "90001",
    "profile_image_url_https" : "https://si0.twimg.com/profile_images/1/robin_normal.jpeg",
    "id" : 90001,
    "verified" : false
  }
}, {
  "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
  "entities" : {
    "user_mentions" : [ ],
    "media" : [ ],
    "hashtags" : [ ],
    "urls" : [ ]
  },
  "geo" : {
  },
  "id_str" : "164522221925180001",
  "text" : "Quiet night, writing.",
  "id" : 164522221925180001,
  "created_at" : "Sun Jan 29 01:35:29 +0000 2012",
  "user" : {
    "name" : "Robin Example",
    "screen_name" : "robin_example",
    "protected" : false,
    "id_str" : "90001",
    "profile_image_url_https" : "https://si0.twimg.com/profile_images/1/robin_normal.jpeg",
    "id" : 90001,
    "verified" : false
  }
} ]